using System.Text.RegularExpressions;
using Delivery.Core.Canary;
using Delivery.Core.Pipelines.Config;
using Delivery.Core.Values;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Turns the tree of <c>pipelines/&lt;name&gt;.yaml</c> into a <see cref="Pipeline"/>, reporting every problem with
/// its place. References are checked too: source folder and Dockerfile exist, the Marathon template is valid, and
/// (when an environment is given) the zones exist there. Returns null when anything is wrong.
/// </summary>
public static partial class PipelineBinder
{
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Keys => PipelineKeys.Pipeline;

    /// <param name="name">The pipeline's name: the file's base name.</param>
    public static Pipeline? Bind(ConfigNode root, string name, IConfigFiles files, ConfigErrors errors, DeliveryEnvironment? environment = null)
    {
        var file = root.Span.File;
        var before = errors.Items.Count;
        if (MappingReader.Of(root, errors, Keys[""], "the pipeline") is not { } top) return null;

        if (top.Get("name") is { } nameNode && ConfigValues.Text(nameNode, errors) is { } written && written != name)
            errors.Add(nameNode.Span, $"the name '{written}' differs from the file name", $"'{name}' (or no name key)");
        var source = RepositoryPath(top, "source", files, mustBeDirectory: true, errors);
        var image = BindImage(top, files, errors);
        var marathon = BindMarathon(top, file, files, errors);
        var zones = BindZones(top, errors, environment);
        var instances = top.Integer("instances", 1, 10_000, required: true);
        var canary = top.Get("canary") is { } canaryNode ? CanaryBinder.Bind(canaryNode, errors) : new CanaryPolicy();
        var analysis = top.Get("analysis") is { } analysisNode ? AnalysisBinder.Bind(analysisNode, errors) : new Analysis.AnalysisPolicy();
        var hooks = top.Sequence("hooks", expected: "a list of hooks") is { } list ? HooksBinder.Bind(list, Keys["hooks[]"], files, errors) : [];

        if (instances is { } n && zones is { } z && z.Count > 0 && n < z.Count)
            errors.Add(top.Get("instances")!.Span, $"{n} instance(s) cannot cover {z.Count} zones", $"at least {z.Count}");
        if (errors.Items.Count > before || source is null || image is null || marathon is null || instances is null || canary is null || analysis is null)
            return null;
        return new Pipeline(name, source, image, marathon, zones, instances.Value, canary with { Analysis = analysis, Hooks = hooks }) { File = file };
    }

    private static ImageSpec? BindImage(MappingReader top, IConfigFiles files, ConfigErrors errors)
    {
        if (top.Mapping("image", Keys["image"], required: true) is not { } image) return null;
        var repository = image.Text("repository", required: true, expected: "an ECR repository name such as games/lobby");
        if (repository is not null && !RepositoryPattern().IsMatch(repository))
            errors.Add(image.Get("repository")!.Span, $"'{repository}' is not a repository name",
                "lowercase letters, digits, '.', '_', '-' and '/' between components, e.g. games/lobby");
        var prepare = image.Text("prepare", expected: "a command line");
        // A prepared context is made by the prepare command at bake time; otherwise it must exist now.
        var context = RepositoryPath(image, "context", files, mustBeDirectory: prepare is null ? true : null, errors);
        var dockerfile = RepositoryPath(image, "dockerfile", files, mustBeDirectory: false, errors);
        var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (image.Get("buildArgs") is { } argsNode)
        {
            if (argsNode is ConfigMapping args)
                foreach (var entry in args.Entries)
                    if (ConfigValues.Text(entry.Value, errors, "the value of a build argument") is { } value)
                        buildArgs[entry.Key.Value] = value;
            if (argsNode is not ConfigMapping)
                errors.Add(argsNode.Span, $"buildArgs is {argsNode.Describe()}", "a mapping of argument names to values");
        }
        var target = image.Text("target");
        if (repository is null || context is null || dockerfile is null) return null;
        return new ImageSpec(repository, context, dockerfile, buildArgs, target, prepare);
    }

    private static MarathonAppSpec? BindMarathon(MappingReader top, string pipelineFile, IConfigFiles files, ConfigErrors errors)
    {
        if (top.Mapping("marathon", Keys["marathon"], required: true) is not { } marathon) return null;
        if (marathon.Get("template", required: true, "a JSON file under pipelines/marathon/") is not { } node) return null;
        if (ConfigValues.Text(node, errors, "a JSON file under pipelines/marathon/") is not { } relative) return null;
        // Relative to the pipeline file's folder, as editors resolve it.
        var folder = pipelineFile.Contains('/') ? pipelineFile[..pipelineFile.LastIndexOf('/')] : "";
        var path = NormalizePath(folder.Length == 0 ? relative : $"{folder}/{relative}");
        var text = path is null ? null : files.ReadText(path);
        if (text is null)
        {
            errors.Add(node.Span, $"template '{relative}' does not exist", "a JSON file relative to the pipeline file, e.g. marathon/lobby.json");
            return null;
        }
        var appId = MarathonTemplateCheck.Check(text, path!, errors);
        return appId is null ? null : new MarathonAppSpec(appId, path!, text);
    }

    private static IReadOnlyList<Zone>? BindZones(MappingReader top, ConfigErrors errors, DeliveryEnvironment? environment)
    {
        const string expected = "'all' or a list of zone names such as [us-east-1a, us-east-1b]";
        var node = top.Get("zones", required: true, expected);
        if (node is null) return null;
        if (node is ConfigScalar { Value: "all" }) return null;
        if (node is not ConfigSequence { Items.Count: > 0 } list)
        {
            errors.Add(node.Span, $"zones is {node.Describe()}", expected);
            return null;
        }
        var zones = new List<Zone>();
        foreach (var item in list.Items)
        {
            if (ConfigValues.Text(item, errors, "a zone name") is not { } text) continue;
            if (!ZoneText(text, item.Span, errors, out var zone)) continue;
            if (zones.Contains(zone))
                errors.Add(item.Span, $"zone {zone} is listed twice", "each zone once");
            else if (environment is not null && !environment.Zones.Contains(zone))
                errors.Add(item.Span, $"zone {zone} is not a zone of environment {environment.Name}",
                    "one of " + string.Join(", ", environment.Zones));
            zones.Add(zone);
        }
        return zones;
    }

    internal static bool ZoneText(string text, SourceSpan span, ConfigErrors errors, out Zone zone)
    {
        if (Zone.TryParse(text, out var parsed))
        {
            zone = parsed;
            return true;
        }
        zone = null!;
        errors.Add(span, $"'{text}' is not a zone name", "lowercase letters, digits and dashes, e.g. us-east-1a");
        return false;
    }

    /// <summary>A path relative to the repository root that must stay inside it and, unless <paramref name="mustBeDirectory"/> is null, exist.</summary>
    private static string? RepositoryPath(MappingReader map, string key, IConfigFiles files, bool? mustBeDirectory, ConfigErrors errors)
    {
        var what = mustBeDirectory == false ? "a file" : "a folder";
        var expected = $"{what} relative to the repository root, e.g. src/Lobby";
        if (map.Get(key, required: true, expected) is not { } node || ConfigValues.Text(node, errors, expected) is not { } text) return null;
        var path = NormalizePath(text);
        if (path is null)
            errors.Add(node.Span, $"'{text}' leaves the repository", expected);
        else if (mustBeDirectory == true && !files.DirectoryExists(path))
            errors.Add(node.Span, $"folder '{text}' does not exist", expected);
        else if (mustBeDirectory == false && !files.FileExists(path))
            errors.Add(node.Span, $"file '{text}' does not exist", expected);
        return path;
    }

    /// <summary>Forward slashes, no <c>.</c> segments; null for absolute paths or paths that climb out with <c>..</c>.</summary>
    internal static string? NormalizePath(string path)
    {
        if (path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 1 && path[1] == ':')) return null;
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count == 0) return null; parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    // ECR repository names: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
    [GeneratedRegex("^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$")]
    private static partial Regex RepositoryPattern();
}

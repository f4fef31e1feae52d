using Delivery.Core;
using Delivery.Core.Pipelines;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Pipelines;

/// <summary>
/// All pipelines of a repository (<c>pipelines/*.yaml</c>), validated together: every error of every file is
/// reported in one <see cref="DeliveryException"/>, before anything has a side effect.
/// </summary>
public sealed class PipelineCatalog
{
    public const string Folder = "pipelines";

    private readonly IReadOnlyDictionary<string, Pipeline> _pipelines;

    private PipelineCatalog(IReadOnlyDictionary<string, Pipeline> pipelines) => _pipelines = pipelines;

    public IReadOnlyCollection<Pipeline> All => _pipelines.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Names => _pipelines.Keys.Order(StringComparer.Ordinal).ToList();

    /// <param name="root">The repository root (the folder holding <c>pipelines/</c>).</param>
    /// <param name="environment">When given, the pipelines' zones are checked against it too.</param>
    /// <param name="only">Load and check only this pipeline's file: what a Rollback of it needs, so that a broken file of
    /// another pipeline never stands between an incident and its rollback.</param>
    public static PipelineCatalog Load(string root, DeliveryEnvironment? environment = null, string? only = null)
    {
        var errors = new ConfigErrors();
        var catalog = Read(root, environment, errors, only);
        errors.ThrowIfAny();
        return catalog;
    }

    /// <summary>
    /// The environment and every pipeline, validated in one pass: a user sees the problems of all files at once.
    /// Zones are checked against the environment when it is valid itself.
    /// </summary>
    public static (DeliveryEnvironment Environment, PipelineCatalog Pipelines) LoadWithEnvironment(string root, string? environmentName = null)
    {
        var errors = new ConfigErrors();
        var environment = EnvironmentLoader.Read(root, environmentName ?? EnvironmentLoader.DefaultName, errors);
        var catalog = Read(root, environment, errors);
        errors.ThrowIfAny();
        return (environment!, catalog);
    }

    private static PipelineCatalog Read(string root, DeliveryEnvironment? environment, ConfigErrors errors, string? only = null)
    {
        var folder = Path.Combine(root, Folder);
        if (!Directory.Exists(folder))
            throw new DeliveryException($"Tried to load pipelines from {Path.GetFullPath(root)} but failed because it has no {Folder}/ folder.");
        var files = new DiskConfigFiles(root);
        var pipelines = new Dictionary<string, Pipeline>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (only is not null && name != only) continue;
            var relative = $"{Folder}/{Path.GetFileName(path)}";
            var text = ConfigFileText.Read(path, relative, errors);
            var tree = text is null ? null : YamlConfigReader.Read(text, relative, errors);
            if (tree is not null && PipelineBinder.Bind(tree, name, files, errors, environment) is { } pipeline)
                pipelines[name] = pipeline;
        }
        return new PipelineCatalog(pipelines);
    }

    /// <exception cref="DeliveryException">No pipeline has that name; the message lists the known ones.</exception>
    public Pipeline Get(string name) =>
        _pipelines.TryGetValue(name, out var pipeline) ? pipeline
            : throw new DeliveryException(
                $"Tried to find pipeline '{name}' but failed because there is no {Folder}/{name}.yaml; known pipelines: " +
                (_pipelines.Count == 0 ? "none" : string.Join(", ", Names)) + ".");
}

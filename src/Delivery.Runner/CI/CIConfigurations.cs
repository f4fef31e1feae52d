using System.Reflection;
using Delivery.Runner.Parameters;

namespace Delivery.Runner.CI;

/// <summary>
/// Generates the CI files the build class declares ([GitHubActions], [GitLabCI]). <c>--generate-configuration</c> writes
/// them and exits. A local build only warns about a file that is out of date (adding <c>pipelines/x.yaml</c> adds a
/// deploy job): unlike NUKE it never rewrites one by itself, because a file changed under a committed tree would make
/// the very Deploy that follows refuse the tree as dirty. A CI server does not look: there a file that differs from its
/// attributes is a test failure.
/// </summary>
public static class CIConfigurations
{
    /// <summary>Every file the attributes of <paramref name="buildType"/> declare, ordered by path; deterministic.</summary>
    public static IReadOnlyList<GeneratedFile> Generate(Type buildType, AbsolutePath root)
    {
        var context = new CIContext(root, ParameterMember.All(buildType));
        var attributes = buildType.GetCustomAttributes<CIConfigurationAttribute>(inherit: true).ToList();
        foreach (var duplicate in attributes.GroupBy(x => (x.GetType(), x.Name)).Where(x => x.Count() > 1))
            throw new BuildException($"Two [{duplicate.Key.Item1.Name.Replace("Attribute", "")}] attributes are named '{duplicate.Key.Name}'.");
        var files = attributes.OfType<GitHubActionsAttribute>()
            .OrderBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => GitHubActionsWriter.Write(x, context))
            .ToList();
        var gitLab = attributes.OfType<GitLabCIAttribute>().OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        if (gitLab.Count > 0)
            files.Add(GitLabCIWriter.Write(gitLab, context));
        return files.OrderBy(x => x.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The declared files whose checked-in content differs from what the attributes generate (or that are missing).</summary>
    public static IReadOnlyList<string> OutOfDate(Type buildType, AbsolutePath root) =>
        Generate(buildType, root).Where(x => !IsCurrent(root, x)).Select(x => x.Path).ToList();

    /// <summary>Called by the runner before planning; true when the invocation only asked to generate.</summary>
    internal static bool Update(Type buildType, AbsolutePath root, bool asked, bool isServerBuild, IBuildLog log)
    {
        if (!asked && isServerBuild)
            return false;
        try
        {
            if (asked) Write(buildType, root, log);
            else
                foreach (var path in OutOfDate(buildType, root))
                    log.Warning($"{path} is out of date with the CI attributes of the build class: run ./build.sh --generate-configuration and commit it.");
        }
        catch (Exception problem) when (!asked && problem is BuildException or IOException or UnauthorizedAccessException)
        {
            // A check for people's convenience: a read-only checkout, or a copy of the repository without the files an
            // attribute reads, must still build (a Rollback above all).
            log.Debug($"CI configuration not checked: {problem.Message}");
        }
        return asked;
    }

    static void Write(Type buildType, AbsolutePath root, IBuildLog log)
    {
        var files = Generate(buildType, root);
        var written = files.Where(x => !IsCurrent(root, x)).ToList();
        foreach (var file in written)
        {
            var path = root / file.Path;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
            log.Information($"Wrote {file.Path} from the CI attributes of the build class: commit it.");
        }
        if (written.Count == 0)
            log.Information($"CI configuration is up to date: {string.Join(", ", files.Select(x => x.Path))}.");
    }

    static bool IsCurrent(AbsolutePath root, GeneratedFile file)
    {
        var path = root / file.Path;
        return File.Exists(path) && File.ReadAllText(path) == file.Content;
    }
}

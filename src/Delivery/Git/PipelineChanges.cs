using Delivery.Core.Pipelines;

namespace Delivery.Git;

/// <summary>Which pipelines a range of commits touches: a change in a pipeline's source folder or in its own YAML file.</summary>
public static class PipelineChanges
{
    public static IReadOnlyList<Pipeline> Between(IGitRepository git, string repositoryRoot, string fromCommit, string toCommit, IEnumerable<Pipeline> pipelines)
    {
        var list = pipelines.ToList();
        var folders = list.SelectMany(p => new[] { p.Source, p.File }).Distinct().ToList();
        var changed = git.ChangedFolders(repositoryRoot, fromCommit, toCommit, folders).ToHashSet(StringComparer.Ordinal);
        return list.Where(p => changed.Contains(p.Source) || changed.Contains(p.File)).ToList();
    }
}

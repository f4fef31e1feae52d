namespace Delivery.Git;

/// <summary>What Delivery reads from git: the release at HEAD, and which source folders changed between two commits.</summary>
public interface IGitRepository
{
    /// <summary>HEAD of the repository containing <paramref name="path"/>. A dirty tree is refused unless <paramref name="allowDirty"/>.</summary>
    GitRelease ReadHead(string path, bool allowDirty);

    /// <summary>The subset of <paramref name="folders"/> (repository-relative) with a changed file between two commits.</summary>
    IReadOnlyList<string> ChangedFolders(string path, string fromCommit, string toCommit, IEnumerable<string> folders);

    /// <summary>When <paramref name="commit"/> was committed (for lead time); null when this clone does not have it.</summary>
    DateTimeOffset? CommittedAt(string path, string commit) => null;
}

using Delivery.Core;
using Delivery.Core.Values;
using LibGit2Sharp;

namespace Delivery.Git;

/// <summary>Git reads through LibGit2Sharp (no git binary needed on CI runners).</summary>
public sealed class LibGit2Repository : IGitRepository
{
    public GitRelease ReadHead(string path, bool allowDirty)
    {
        using var repo = Open(path);
        var head = repo.Head.Tip
            ?? throw new DeliveryException($"Read the release of {path} failed: the repository has no commit yet.");
        var changes = DirtyPaths(repo);
        if (changes.Count > 0 && !allowDirty)
        {
            var sample = string.Join(", ", changes.Take(3)) + (changes.Count > 3 ? $" and {changes.Count - 3} more" : "");
            throw new DeliveryException(
                $"Bake a release from {repo.Info.WorkingDirectory.TrimEnd('/')} refused: the working tree has uncommitted changes ({sample}); commit them, or pass --allow-dirty for a local experiment that can never be promoted.");
        }
        return new GitRelease(
            new CommitId(head.Sha),
            head.Committer.When,
            changes.Count > 0,
            SourceOf(repo),
            repo.Info.WorkingDirectory.TrimEnd('/', '\\'));
    }

    public IReadOnlyList<string> ChangedFolders(string path, string fromCommit, string toCommit, IEnumerable<string> folders)
    {
        using var repo = Open(path);
        var from = Lookup(repo, fromCommit);
        var to = Lookup(repo, toCommit);
        var changed = repo.Diff.Compare<TreeChanges>(from.Tree, to.Tree)
            .SelectMany(c => new[] { c.Path, c.OldPath })
            .Where(p => !string.IsNullOrEmpty(p))
            .Select(p => p.Replace('\\', '/'))
            .ToList();
        return folders
            .Where(folder => changed.Any(file => IsUnder(file, Normalise(folder))))
            .ToList();
    }

    /// <summary>
    /// Null when the commit is not here: a shallow CI clone may not have it, and that costs the lead time of one
    /// report, not the run. Looked up by object id, which answers null for a missing object where a revision
    /// expression would throw.
    /// </summary>
    public DateTimeOffset? CommittedAt(string path, string commit)
    {
        if (!ObjectId.TryParse(commit, out var id) || Discover(path) is not { } root) return null;
        using var repo = new Repository(root);
        return repo.Lookup<Commit>(id)?.Committer.When;
    }

    /// <summary>Tracked files modified, staged or deleted, and untracked files not ignored: anything the image could differ by.</summary>
    private static List<string> DirtyPaths(Repository repo) =>
        repo.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true, IncludeIgnored = false })
            .Where(e => e.State != FileStatus.Ignored && e.State != FileStatus.Unaltered)
            .Select(e => e.FilePath)
            .ToList();

    private static string SourceOf(Repository repo)
    {
        var url = repo.Network.Remotes["origin"]?.Url ?? repo.Network.Remotes.FirstOrDefault()?.Url;
        if (url is null) return repo.Info.WorkingDirectory.TrimEnd('/', '\\');
        // A remote URL may carry a token (https://user:token@host/...): never put it in a label.
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
    }

    private static Repository Open(string path) =>
        new(Discover(path) ?? throw new DeliveryException($"Read the git release of {path} failed: it is not inside a git repository."));

    private static string? Discover(string path) => Repository.Discover(Path.GetFullPath(path));

    private static Commit Lookup(Repository repo, string reference) =>
        repo.Lookup<Commit>(reference)
        ?? throw new DeliveryException($"Compare commits in {repo.Info.WorkingDirectory} failed: '{reference}' is not a commit of this repository.");

    private static string Normalise(string folder)
    {
        var clean = folder.Replace('\\', '/');
        while (clean.StartsWith("./", StringComparison.Ordinal)) clean = clean[2..];
        return clean == "." ? "" : clean.Trim('/');
    }

    private static bool IsUnder(string file, string folder) =>
        folder.Length == 0 || file == folder || file.StartsWith(folder + "/", StringComparison.Ordinal);
}

namespace Delivery.Runner.Git;

/// <summary>
/// Where a checkout keeps its git data. In a plain clone <c>.git</c> is a directory; in a linked worktree (and a
/// submodule) it is a file <c>gitdir: &lt;path&gt;</c>, and that directory's <c>commondir</c> names the repository's
/// shared directory, which holds the branches, packed-refs and config (git-worktree(1), "DETAILS").
/// </summary>
internal sealed record GitDirectory(AbsolutePath WorkTree, string GitDir, string CommonDir)
{
    /// <summary>The checkout at or above <paramref name="start"/>, or null outside of one.</summary>
    public static GitDirectory? Find(AbsolutePath start)
    {
        for (var directory = start.Value; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var dotGit = Path.Combine(directory, ".git");
            if (Directory.Exists(dotGit))
                return Open(directory, dotGit);
            if (File.Exists(dotGit))
                return Open(directory, LinkedGitDir(directory, dotGit));
        }
        return null;
    }

    static string LinkedGitDir(string workTree, string dotGitFile)
    {
        var text = File.ReadAllText(dotGitFile).Trim();
        const string prefix = "gitdir:";
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
            throw new IOException($"'{dotGitFile}' is a file but does not start with '{prefix}'.");
        return Path.GetFullPath(Path.Combine(workTree, text[prefix.Length..].Trim()));
    }

    static GitDirectory Open(string workTree, string gitDir)
    {
        if (!Directory.Exists(gitDir))
            throw new IOException($"the git directory '{gitDir}' does not exist.");
        var commonDirFile = Path.Combine(gitDir, "commondir");
        var commonDir = File.Exists(commonDirFile)
            ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonDirFile).Trim()))
            : gitDir;
        return new GitDirectory(new AbsolutePath(workTree), gitDir, commonDir);
    }
}

namespace Delivery.Runner.Git;

/// <summary>
/// Builds a <see cref="GitRepository"/> from the files of a checkout, without a git library: HEAD, refs,
/// packed-refs and config are plain text, which keeps the runner free of native dependencies.
/// </summary>
internal static class GitRepositoryReader
{
    /// <summary>The checkout at or above <paramref name="root"/>, or null outside of one.</summary>
    /// <exception cref="IOException">The checkout's files could not be read or make no sense.</exception>
    public static GitRepository? Read(AbsolutePath root, Host host, IReadOnlyDictionary<string, string> environment)
    {
        if (GitDirectory.Find(root) is not { } git)
            return null;
        var refs = new GitRefs(git);
        var (branch, commit) = refs.Head();
        var config = GitConfig.Read(Path.Combine(git.CommonDir, "config"));

        var remoteName = branch is null ? null : config.Get("branch", branch, "remote");
        remoteName ??= config.Remotes.Contains("origin") ? "origin" : config.Remotes.FirstOrDefault();
        var merge = branch is null ? null : config.Get("branch", branch, "merge");
        var url = remoteName is null ? null : config.Get("remote", remoteName, "url");
        var (protocol, endpoint, identifier) = url is null ? (null, null, null) : GitRemoteUrl.Parse(url);

        return new GitRepository
        {
            LocalDirectory = git.WorkTree,
            Branch = branch ?? BranchFromServer(host, environment),
            IsDetached = branch is null,
            Commit = commit,
            Tags = commit is null ? [] : refs.TagsAt(commit),
            RemoteName = remoteName,
            RemoteBranch = merge?.StartsWith("refs/heads/", StringComparison.Ordinal) == true ? merge["refs/heads/".Length..] : merge,
            RemoteUrl = url,
            Protocol = protocol,
            Endpoint = endpoint,
            Identifier = identifier,
        };
    }

    // CI servers check out a commit, not a branch (a pull request's merge commit, a pipeline's sha), and say in
    // the environment which branch it belongs to; NUKE reads the branch from there too.
    static string? BranchFromServer(Host host, IReadOnlyDictionary<string, string> environment)
    {
        string? Variable(string name) => environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        return host switch
        {
            Host.GitHubActions => Variable("GITHUB_HEAD_REF") ?? Variable("GITHUB_REF_NAME"),
            Host.GitLab => Variable("CI_COMMIT_REF_NAME"),
            _ => null,
        };
    }
}

using Delivery.Runner.Git;

namespace Delivery.Runner.Tests.Injection;

public sealed class GitRepositoryReaderTests : IDisposable
{
    const string Main = "1111111111111111111111111111111111111111";
    const string Other = "2222222222222222222222222222222222222222";
    const string TagObject = "3333333333333333333333333333333333333333";

    readonly string _root = Path.Combine(Path.GetTempPath(), "delivery-git-tests", Guid.NewGuid().ToString("N"));
    static readonly Dictionary<string, string> NoEnvironment = new();

    void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    GitRepository? Read(string directory = "", Host host = Host.Terminal, Dictionary<string, string>? environment = null) =>
        GitRepositoryReader.Read(new AbsolutePath(Path.Combine(_root, directory)), host, environment ?? NoEnvironment);

    void Clone(string headBranch = "main")
    {
        Write(".git/HEAD", $"ref: refs/heads/{headBranch}\n");
        Write(".git/config", """
            [core]
            	bare = false
            [remote "origin"]
            	url = git@github.com:acme/delivery.git ; the team's
            	fetch = +refs/heads/*:refs/remotes/origin/*
            [branch "main"]
            	remote = origin
            	merge = refs/heads/main
            """);
    }

    [Fact]
    public void Read_BranchWithLooseRef_GivesBranchCommitAndRemote()
    {
        Clone();
        Write(".git/refs/heads/main", Main + "\n");

        var repository = Read("src/app")!;

        Assert.Equal(new AbsolutePath(_root), repository.LocalDirectory);
        Assert.Equal("main", repository.Branch);
        Assert.Equal(Main, repository.Commit);
        Assert.False(repository.IsDetached);
        Assert.True(repository.IsOnMainBranch());
        Assert.Equal("origin", repository.RemoteName);
        Assert.Equal("main", repository.RemoteBranch);
        Assert.Equal("git@github.com:acme/delivery.git", repository.RemoteUrl);
        Assert.Equal("github.com", repository.Endpoint);
        Assert.Equal("acme/delivery", repository.Identifier);
        Assert.Equal("https://github.com/acme/delivery", repository.HttpsUrl);
    }

    [Fact]
    public void Read_PackedRefs_ResolveBranchesAndPeeledTags()
    {
        Clone();
        Write(".git/packed-refs", $"""
            # pack-refs with: peeled fully-peeled sorted
            {Main} refs/heads/main
            {Other} refs/heads/old
            {TagObject} refs/tags/v1.0
            ^{Main}
            {Main} refs/tags/light
            {Other} refs/tags/v0.9
            """);
        Write(".git/refs/tags/loose", Main);

        var repository = Read()!;

        Assert.Equal(Main, repository.Commit);
        Assert.Equal(["light", "loose", "v1.0"], repository.Tags);
    }

    [Fact]
    public void Read_LooseRefWinsOverPackedRef()
    {
        Clone();
        Write(".git/packed-refs", $"{Other} refs/heads/main\n");
        Write(".git/refs/heads/main", Main);

        Assert.Equal(Main, Read()!.Commit);
    }

    [Fact]
    public void Read_DetachedHead_HasNoBranchLocally()
    {
        Clone();
        Write(".git/HEAD", Main + "\n");

        var repository = Read()!;

        Assert.True(repository.IsDetached);
        Assert.Null(repository.Branch);
        Assert.Equal(Main, repository.Commit);
        Assert.Equal("origin", repository.RemoteName);
    }

    [Theory]
    [InlineData(Host.GitHubActions, "GITHUB_HEAD_REF", "feature/canary")]
    [InlineData(Host.GitHubActions, "GITHUB_REF_NAME", "feature/canary")]
    [InlineData(Host.GitLab, "CI_COMMIT_REF_NAME", "feature/canary")]
    public void Read_DetachedHeadOnCiServer_TakesTheBranchTheServerNames(Host host, string variable, string branch)
    {
        Clone();
        Write(".git/HEAD", Main);

        var repository = Read(host: host, environment: new() { [variable] = branch })!;

        Assert.Equal(branch, repository.Branch);
        Assert.True(repository.IsOnFeatureBranch());
    }

    [Fact]
    public void Read_UnbornBranch_HasNoCommit()
    {
        Clone();

        var repository = Read()!;

        Assert.Equal("main", repository.Branch);
        Assert.Null(repository.Commit);
        Assert.Empty(repository.Tags);
    }

    [Fact]
    public void Read_LinkedWorktree_ReadsHeadFromItsOwnDirAndRefsFromTheCommonOne()
    {
        Clone();
        Write(".git/refs/heads/main", Main);
        Write(".git/refs/heads/topic", Other);
        Write(".git/worktrees/topic/HEAD", "ref: refs/heads/topic\n");
        Write(".git/worktrees/topic/commondir", "../..\n");
        var worktree = _root + "-topic";
        Write(Path.Combine(worktree, ".git"), $"gitdir: {Path.Combine(_root, ".git", "worktrees", "topic")}\n");

        try
        {
            var repository = GitRepositoryReader.Read(new AbsolutePath(worktree), Host.Terminal, NoEnvironment)!;

            Assert.Equal(new AbsolutePath(worktree), repository.LocalDirectory);
            Assert.Equal("topic", repository.Branch);
            Assert.Equal(Other, repository.Commit);
            Assert.Equal("acme/delivery", repository.Identifier);
        }
        finally
        {
            Directory.Delete(worktree, recursive: true);
        }
    }

    [Fact]
    public void Read_OutsideACheckout_IsNull()
    {
        Directory.CreateDirectory(_root);

        Assert.Null(Read());
    }

    [Fact]
    public void Read_ThisRepository_FindsHeadCommit()
    {
        var repository = GitRepositoryReader.Read(new AbsolutePath(AppContext.BaseDirectory), Host.Terminal, NoEnvironment);

        // The tests run from a checkout (a clone or a worktree); a copy without .git has nothing to check.
        if (repository is null)
            return;
        Assert.Matches("^[0-9a-f]{40}$", repository.Commit);
    }

    [Theory]
    [InlineData("https://github.com/acme/delivery.git", "https", "github.com", "acme/delivery")]
    [InlineData("https://user@gitlab.example.com/group/sub/delivery", "https", "gitlab.example.com", "group/sub/delivery")]
    [InlineData("ssh://git@gitlab.example.com:2222/group/delivery.git", "ssh", "gitlab.example.com", "group/delivery")]
    [InlineData("git@github.com:acme/delivery.git", "ssh", "github.com", "acme/delivery")]
    [InlineData("/srv/git/delivery.git", null, null, "/srv/git/delivery.git")]
    public void ParseRemoteUrl_KnownShapes(string url, string? protocol, string? endpoint, string identifier)
    {
        Assert.Equal((protocol, endpoint, identifier), GitRemoteUrl.Parse(url));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}

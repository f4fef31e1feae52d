using Delivery.Core;
using Delivery.Git;

namespace Delivery.Tests.Git;

public class LibGit2RepositoryTests
{
    private readonly LibGit2Repository _git = new();

    [Fact]
    public void ReadHead_CleanTree_ReturnsHeadCommitAndItsTime()
    {
        using var repo = new TempRepository();
        repo.Write("src/Lobby/app.txt", "v1");
        var sha = repo.Commit("first");

        var release = _git.ReadHead(Path.Combine(repo.Root, "src/Lobby"), allowDirty: false);

        Assert.Equal(sha, release.Commit.Value);
        Assert.False(release.Dirty);
        Assert.Equal(sha, release.Tag);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), release.CommittedAt);
        Assert.Equal(repo.Root, release.Source);
    }

    [Fact]
    public void CommittedAt_KnownAndUnknownCommit_TimeOrNothing()
    {
        using var repo = new TempRepository();
        repo.Write("app.txt", "v1");
        var sha = repo.Commit("first");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), _git.CommittedAt(repo.Root, sha));
        Assert.Null(_git.CommittedAt(repo.Root, new string('f', 40))); // not in this (shallow) clone: no lead time, no failure
        Assert.Null(_git.CommittedAt(Path.GetTempPath(), sha));
    }

    [Fact]
    public void ReadHead_ModifiedFile_RefusedWithOneLineNamingTheFile()
    {
        using var repo = new TempRepository();
        repo.Write("app.txt", "v1");
        repo.Commit("first");
        repo.Write("app.txt", "v2");

        var error = Assert.Throws<DeliveryException>(() => _git.ReadHead(repo.Root, allowDirty: false));

        Assert.Contains("uncommitted changes (app.txt)", error.Message);
        Assert.Contains("--allow-dirty", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ReadHead_UntrackedFileAllowed_MarksReleaseDirty()
    {
        using var repo = new TempRepository();
        repo.Write("app.txt", "v1");
        var sha = repo.Commit("first");
        repo.Write("new.txt", "x");

        var release = _git.ReadHead(repo.Root, allowDirty: true);

        Assert.True(release.Dirty);
        Assert.Equal(sha + "-dirty", release.Tag);
    }

    [Fact]
    public void ReadHead_IgnoredFile_IsNotDirty()
    {
        using var repo = new TempRepository();
        repo.Write(".gitignore", "bin/\n");
        repo.Commit("first");
        repo.Write("bin/out.dll", "x");

        Assert.False(_git.ReadHead(repo.Root, allowDirty: false).Dirty);
    }

    [Fact]
    public void ReadHead_OutsideAnyRepository_ThrowsUserError()
    {
        var folder = Directory.CreateTempSubdirectory("delivery-nogit-").FullName;
        try
        {
            var error = Assert.Throws<DeliveryException>(() => _git.ReadHead(folder, allowDirty: false));
            Assert.Contains("not inside a git repository", error.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void ChangedFolders_OneFolderTouched_ReturnsOnlyThatFolder()
    {
        using var repo = new TempRepository();
        repo.Write("src/Lobby/a.txt", "1");
        repo.Write("src/Chat/b.txt", "1");
        repo.Write("src/LobbyTools/c.txt", "1");
        var from = repo.Commit("first");
        repo.Write("src/Lobby/a.txt", "2");
        var to = repo.Commit("second");

        var changed = _git.ChangedFolders(repo.Root, from, to, ["src/Lobby", "./src/Chat", "src/LobbyTools"]);

        Assert.Equal(["src/Lobby"], changed);
    }

    [Fact]
    public void ChangedFolders_FileMovedOutOfFolder_CountsForTheOldFolder()
    {
        using var repo = new TempRepository();
        repo.Write("src/Lobby/a.txt", "content that is long enough to be detected as a rename");
        var from = repo.Commit("first");
        File.Move(Path.Combine(repo.Root, "src/Lobby/a.txt"), Path.Combine(repo.Root, "docs-a.txt"));
        using (var r = new LibGit2Sharp.Repository(repo.Root)) LibGit2Sharp.Commands.Stage(r, "*");
        var to = repo.Commit("move");

        Assert.Equal(["src/Lobby"], _git.ChangedFolders(repo.Root, from, to, ["src/Lobby", "src/Chat"]));
    }

    [Fact]
    public void ChangedFolders_UnknownCommit_ThrowsUserError()
    {
        using var repo = new TempRepository();
        repo.Write("a.txt", "1");
        var from = repo.Commit("first");

        var error = Assert.Throws<DeliveryException>(() => _git.ChangedFolders(repo.Root, from, new string('0', 40), ["src"]));
        Assert.Contains("is not a commit", error.Message);
    }
}

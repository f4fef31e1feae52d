using Delivery.Core;
using Delivery.Core.Pipelines;
using Delivery.Core.Values;
using Delivery.Git;
using Delivery.Images;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Images;

public sealed class BakeAndPushUseCaseTests : IDisposable
{
    private const string Sha = "3f2a1c9e0b7d3f2a1c9e0b7d3f2a1c9e0b7d1234";
    private static readonly string DiffA = "sha256:" + new string('a', 64);
    private static readonly string DiffB = "sha256:" + new string('b', 64);
    private static readonly string ImageId = "sha256:" + new string('c', 64);
    private static readonly string Manifest =
        $$"""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":100,"digest":"{{ImageId}}"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":5000,"digest":"sha256:{{new string('1', 64)}}"},{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":70,"digest":"sha256:{{new string('2', 64)}}"}]}""";

    private readonly string _root = Directory.CreateTempSubdirectory("delivery-img-").FullName;
    private readonly FakeEcr _ecr = new();
    private readonly FakeBuilder _builder = new(ImageId);
    private readonly FakePusher _pusher;
    private GitRelease _release;

    public BakeAndPushUseCaseTests()
    {
        File.WriteAllText(Path.Combine(_root, "Dockerfile"), "FROM base");
        _release = new GitRelease(new CommitId(Sha), new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), false, "https://git.example/games.git", _root);
        _pusher = new FakePusher(_ecr, Manifest, [DiffA, DiffB], new HashSet<string> { PushStatisticsCalculator.ShortId(DiffB) });
    }

    private BakeAndPushUseCase Releaser() => new(new FakeGit(_release), _ecr, _builder, _pusher, new FakeTimeProvider());

    private ImageJob Job(string dockerfile = "Dockerfile") =>
        new("lobby", _root, ".", new ImageSpec("games/lobby", ".", dockerfile, new Dictionary<string, string> { ["APP_DIR"] = "app" }));

    [Fact]
    public async Task Push_NewCommit_BakesPushesAndPinsByDigest()
    {
        var outcome = await Releaser().PushAsync(Job(), false, new Progress<string>(), CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.Pushed, outcome.Kind);
        Assert.Equal(_ecr.Tags[Sha].Digest, outcome.Release!.Digest);
        Assert.Equal($"127.0.0.1:18444/games/lobby@{_ecr.Tags[Sha].Digest}", outcome.Release.Image.ToString());
        Assert.Contains("ensure games/lobby", _ecr.Calls);
        var build = Assert.Single(_builder.Builds);
        Assert.Equal($"games/lobby:{Sha}", build.Tag);
        Assert.Equal(Sha, build.Labels[ImageLabels.Revision]);
        Assert.Equal("2026-11-01T10:00:00Z", build.Labels[ImageLabels.Created]);
        Assert.Equal("lobby", build.Labels[ImageLabels.Pipeline]);
        // Layer b (70 bytes) went up with the config (100 bytes); layer a (5000 bytes) was already there.
        Assert.Equal(new PushStatistics(170, 2, 1, 5170), outcome.Push);
    }

    [Fact]
    public async Task Push_TagAlreadyInEcr_NoBakeNoPushZeroBytes()
    {
        _ecr.Store(Sha, Manifest);

        var outcome = await Releaser().PushAsync(Job(), false, new Progress<string>(), CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.AlreadyPushed, outcome.Kind);
        Assert.True(outcome.BakeSkipped);
        Assert.Empty(_builder.Builds);
        Assert.Equal(0, _pusher.Pushes);
        Assert.Equal(0, outcome.Push.BytesUploaded);
        Assert.Equal(_ecr.Tags[Sha].Digest, outcome.Release!.Digest);
    }

    [Fact]
    public async Task Push_LoginRefusedOnce_FetchesNewLoginAndSucceeds()
    {
        _pusher.Refusals.Enqueue("denied: Your authorization token has expired. Reauthenticate and try again.");

        var outcome = await Releaser().PushAsync(Job(), false, new Progress<string>(), CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.Pushed, outcome.Kind);
        Assert.Contains("forget", _ecr.Calls);
        Assert.Equal(2, _pusher.Pushes);
    }

    [Fact]
    public async Task Push_TagTakenMeanwhileByAnotherImage_RefusedNamingBothImages()
    {
        var other = Manifest.Replace(ImageId, "sha256:" + new string('d', 64));
        _pusher.Refusals.Enqueue("tag invalid: The image tag already exists");
        _pusher.BeforeRefusal = () => _ecr.Store(Sha, other);

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            Releaser().PushAsync(Job(), false, new Progress<string>(), CancellationToken.None));

        Assert.Contains(_ecr.Tags[Sha].Digest.ToString(), error.Message);
        Assert.Contains(ImageId, error.Message);
        Assert.Contains("immutable", error.Message);
    }

    [Fact]
    public async Task Push_DirtyTreeSameImageAlreadyPushed_CountsAsSuccess()
    {
        _release = _release with { Dirty = true };
        _ecr.Store(Sha + "-dirty", Manifest);

        var outcome = await Releaser().PushAsync(Job(), true, new Progress<string>(), CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.AlreadyPushed, outcome.Kind);
        Assert.True(outcome.Release!.Dirty);
        Assert.Equal(0, _pusher.Pushes);
    }

    [Fact]
    public async Task Push_MissingDockerfile_FailsBeforeAnySideEffect()
    {
        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            Releaser().PushAsync(Job("nope/Dockerfile"), false, new Progress<string>(), CancellationToken.None));

        Assert.Contains("nope/Dockerfile does not exist", error.Message);
        Assert.Empty(_ecr.Calls);
        Assert.Empty(_builder.Builds);
    }

    [Fact]
    public async Task Push_PrepareStepButDockerfileOutsideContextMissing_FailsBeforePrepareRuns()
    {
        var job = Job("src/missing/Dockerfile") with { Image = Job().Image with { Dockerfile = "src/missing/Dockerfile", Context = "out", Prepare = "touch prepared" } };

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Releaser().PushAsync(job, false, new Progress<string>(), CancellationToken.None));

        Assert.Contains("src/missing/Dockerfile does not exist", error.Message);
        Assert.False(File.Exists(Path.Combine(_root, "prepared")));
    }

    [Fact]
    public async Task Bake_NewCommit_BuildsWithoutPushing()
    {
        var outcome = await Releaser().BakeAsync(Job(), false, new Progress<string>(), CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.Baked, outcome.Kind);
        Assert.Single(_builder.Builds);
        Assert.Equal(0, _pusher.Pushes);
        Assert.Null(outcome.Release);
    }

    public void Dispose() => Directory.Delete(_root, true);
}

using System.Diagnostics;
using System.Net;
using Docker.DotNet.Models;
using Delivery.Core;
using Delivery.Images;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Delivery.Tests.Images;

/// <summary>Bake and push through the real engine into the ECR emulator and its real registry.</summary>
public sealed class BakeAndPushOnRealEngineTests(RealEngineFixture engine, ITestOutputHelper output) : IClassFixture<RealEngineFixture>
{
    private const string Dockerfile = "FROM " + RealEngineFixture.BaseImage + "\nCOPY app.txt /app/app.txt\n";
    private readonly IProgress<string> _progress = new Delivery.Docker.SynchronousProgress<string>(output.WriteLine);

    private string NewRepository() => engine.NewRepository();

    [Fact]
    public async Task Push_NewCommitThenAgain_PushesOnceSecondRunIsANoOp()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository(Dockerfile);
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);
        var repository = NewRepository();

        var first = await engine.Releaser(ecr, time).PushAsync(service.Job(repository), false, _progress, CancellationToken.None);
        var second = await engine.Releaser(ecr, time).PushAsync(service.Job(repository), false, _progress, CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.Pushed, first.Kind);
        Assert.True(first.Push.BytesUploaded > 0);
        Assert.True(first.Push.BlobsUploaded >= 2); // the COPY layer and the config at least
        Assert.Equal(await ecr.FindTagAsync(repository, first.Tag, CancellationToken.None), first.Release!.Digest);
        Assert.Equal(ImageOutcomeKind.AlreadyPushed, second.Kind);
        Assert.True(second.BakeSkipped);
        Assert.Equal(0, second.Push.BytesUploaded);
        Assert.Equal(first.Release.Digest, second.Release!.Digest);

        var image = await engine.Docker.Images.InspectImageAsync($"{repository}:{first.Tag}");
        Assert.Equal(first.Commit.Value, image.Config.Labels[ImageLabels.Revision]);
        Assert.Equal("2026-11-01T10:00:00Z", image.Config.Labels[ImageLabels.Created]);
        Assert.Equal("svc", image.Config.Labels[ImageLabels.Pipeline]);
    }

    [Fact]
    public async Task Push_DirtyTagAlreadyHoldsOtherImage_RefusedNamingBothDigests()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository(Dockerfile);
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);
        var repository = NewRepository();
        service.Write("svc/app.txt", "local experiment A\n");
        var first = await engine.Releaser(ecr, time).PushAsync(service.Job(repository), true, _progress, CancellationToken.None);
        service.Write("svc/app.txt", "local experiment B\n");

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            engine.Releaser(ecr, time).PushAsync(service.Job(repository), true, _progress, CancellationToken.None));

        Assert.True(first.Dirty);
        Assert.EndsWith("-dirty", first.Tag);
        Assert.Contains(first.Release!.Digest.ToString(), error.Message);
        Assert.Contains("immutable", error.Message);
        Assert.Equal(first.Release.Digest, await ecr.FindTagAsync(repository, first.Tag, CancellationToken.None));
    }

    [Fact]
    public async Task Push_RegistryTokenExpiredMidRun_FetchesNewTokenAndPushes()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository(Dockerfile);
        // The client's clock stands still, so it believes its cached token is fresh; the emulator's moves past expiry.
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);
        var stale = await ecr.LoginAsync(CancellationToken.None);
        engine.EmulatorTime.Advance(TimeSpan.FromMinutes(2));

        var outcome = await engine.Releaser(ecr, time).PushAsync(service.Job(NewRepository()), false, _progress, CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.Pushed, outcome.Kind);
        Assert.NotSame(stale, await ecr.LoginAsync(CancellationToken.None));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(engine.Emulator.Options.RegistryEndpoint, "/v2/"));
        request.Headers.Authorization = new("Basic", stale.BasicHeaderValue);
        using var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Push_WrongSecretKey_OneLineErrorAndNothingBaked()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository(Dockerfile);
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var repository = NewRepository();

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            engine.Releaser(engine.Ecr(time, secret: "wrong-secret"), time).PushAsync(service.Job(repository), false, _progress, CancellationToken.None));

        Assert.Contains("InvalidSignatureException", error.Message);
        Assert.DoesNotContain("wrong-secret", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerImageNotFoundException>(() => engine.Docker.Images.InspectImageAsync($"{repository}:latest"));
    }

    [Fact]
    public async Task Push_WrongRegion_RefusedNamingTheRegion()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository(Dockerfile);
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            engine.Releaser(engine.Ecr(time, region: "eu-west-1"), time).PushAsync(service.Job(NewRepository()), false, _progress, CancellationToken.None));

        Assert.Contains("eu-west-1", error.Message);
    }

    [Fact]
    public async Task Bake_FailingRunStep_NamesTheStepAndShowsItsOutput()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository("FROM " + RealEngineFixture.BaseImage + "\nCOPY app.txt /app/\nRUN echo compiling lobby && exit 3\n");
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            engine.Releaser(engine.Ecr(time), time).PushAsync(service.Job(NewRepository()), false, _progress, CancellationToken.None));

        Assert.Contains("Step 3/4 : RUN echo compiling lobby && exit 3", error.Message); // the one LABEL step comes after
        Assert.Contains("non-zero code: 3", error.Message);
        Assert.Contains("compiling lobby", error.Message.Split("Output:").Last());
    }

    [Fact]
    public async Task Bake_Dockerignore_LeavesIgnoredFilesOutOfTheImage()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository("FROM " + RealEngineFixture.BaseImage + "\nCOPY . /ctx/\nRUN test ! -e /ctx/token.secret && test -e /ctx/app.txt\n");
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());

        var outcome = await engine.Releaser(engine.Ecr(time), time).BakeAsync(service.Job(NewRepository()), false, _progress, CancellationToken.None);

        Assert.Equal(ImageOutcomeKind.Baked, outcome.Kind);
    }

    [Fact]
    public async Task Bake_CancelledDuringARunStep_StopsTheBuildAndItsContainer()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository("FROM " + RealEngineFixture.BaseImage + "\nRUN echo spinning-forever && while :; do :; done\n");
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        // Cancelled when the spinning step shows; the 90 s backstop keeps the test bounded if its output is worded otherwise.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var progress = new Delivery.Docker.SynchronousProgress<string>(line =>
        {
            output.WriteLine(line);
            if (line.Contains("spinning-forever") && !line.StartsWith("Step", StringComparison.Ordinal)) cancel.Cancel();
        });
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.Releaser(engine.Ecr(time), time).BakeAsync(service.Job(NewRepository()), false, progress, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IList<ContainerListResponse> spinning;
        do
        {
            spinning = (await engine.Docker.Containers.ListContainersAsync(new ContainersListParameters { All = false }))
                .Where(c => c.Command.Contains("spinning-forever")).ToList();
            if (spinning.Count == 0) break;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        Assert.Empty(spinning);
    }

    [Fact]
    public async Task Bake_BrokenDockerfile_OneLineWithTheParserMessage()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository("FROM " + RealEngineFixture.BaseImage + "\nCOPPY app.txt /app/\n");
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());

        var error = await Assert.ThrowsAsync<DeliveryException>(() =>
            engine.Releaser(engine.Ecr(time), time).BakeAsync(service.Job(NewRepository()), false, _progress, CancellationToken.None));

        Assert.StartsWith("Bake svc failed", error.Message);
        Assert.Contains("unknown instruction", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("{", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Push_RegistryEndpointUnreachable_OneLineAndNoTagInEcr()
    {
        engine.EnsureAvailable();
        using var service = new ServiceRepository(Dockerfile);
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);
        var dead = new UnreachableRegistry(ecr, $"127.0.0.1:{Delivery.Sandbox.Ecr.DockerRegistryProcess.FreePort()}");
        var job = service.Job(NewRepository());

        var error = await Assert.ThrowsAsync<Delivery.Docker.PushRefusedException>(() =>
            engine.Releaser(dead, time).PushAsync(job, false, _progress, CancellationToken.None));

        Assert.Contains("connection refused", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(await ecr.FindTagAsync(job.Image.Repository, error.Target.Tag!, CancellationToken.None));
    }

    /// <summary>ECR's API answers, but its registry endpoint is a port where nothing listens.</summary>
    private sealed class UnreachableRegistry(Delivery.Ecr.IEcrRegistry real, string host) : Delivery.Ecr.IEcrRegistry
    {
        public Task<string> RegistryHostAsync(CancellationToken ct) => Task.FromResult(host);
        public Task EnsureRepositoryAsync(string repository, CancellationToken ct) => real.EnsureRepositoryAsync(repository, ct);
        public Task<Delivery.Core.Values.Digest?> FindTagAsync(string repository, string tag, CancellationToken ct) => real.FindTagAsync(repository, tag, ct);
        public Task<Delivery.Ecr.RegistryManifest?> GetManifestAsync(string repository, string reference, CancellationToken ct) => real.GetManifestAsync(repository, reference, ct);
        public async Task<Delivery.Ecr.RegistryLogin> LoginAsync(CancellationToken ct)
        {
            var login = await real.LoginAsync(ct);
            return new Delivery.Ecr.RegistryLogin(new Uri($"http://{host}"), login.Username, login.Password, login.ExpiresAt);
        }
        public void ForgetLogin() => real.ForgetLogin();
    }
}

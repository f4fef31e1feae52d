using System.Diagnostics;
using System.Text.Json.Nodes;
using Delivery.Images;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Delivery.Tests.Images;

/// <summary>
/// Figures for performance-and-reliability.md §A, printed (run with --filter Category=Benchmark and a detailed logger):
/// (a) Delivery's bake+push against docker build + docker push of an equal context, side by side, one run each;
/// (b) the same commit again; (c) a one-file change, bytes sent against the changed layer's size.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class BakeAndPushBenchmarks(RealEngineFixture engine, ITestOutputHelper output) : IClassFixture<RealEngineFixture>
{
    private const string Dockerfile = "FROM " + RealEngineFixture.BaseImage + "\nCOPY deps.bin /deps/deps.bin\nCOPY app.txt /app/app.txt\n";
    private static readonly IProgress<string> Quiet = new Delivery.Docker.SynchronousProgress<string>(_ => { });

    private static Dictionary<string, byte[]> Files(int seed) => new() { ["svc/deps.bin"] = RandomBytes(seed, 8 * 1024 * 1024) };

    private static byte[] RandomBytes(int seed, int size)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes); // incompressible, so gzip cannot hide the size
        return bytes;
    }

    [Fact]
    public async Task BakeAndPush_DeliveryVersusDockerCli_PrintsRatio()
    {
        engine.EnsureAvailable();
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);

        // Warm-up: the base layer goes to the registry once, so neither side below pays for it (both can mount it).
        using (var warm = new ServiceRepository(Dockerfile, Files(Environment.TickCount - 1)))
            await engine.Releaser(ecr, time).PushAsync(warm.Job(engine.NewRepository("bench/warm")), false, Quiet, CancellationToken.None);

        using var ours = new ServiceRepository(Dockerfile, Files(Environment.TickCount));
        var clock = Stopwatch.StartNew();
        var outcome = await engine.Releaser(ecr, TimeProvider.System).PushAsync(ours.Job(engine.NewRepository("bench/delivery")), false, Quiet, CancellationToken.None);
        var deliverySeconds = clock.Elapsed.TotalSeconds;

        using var theirs = new ServiceRepository(Dockerfile, Files(Environment.TickCount + 1));
        var repository = $"{engine.Emulator.Options.RegistryHost}/{engine.NewRepository("bench/cli")}";
        await ecr.EnsureRepositoryAsync(repository[(engine.Emulator.Options.RegistryHost.Length + 1)..], CancellationToken.None);
        var login = await ecr.LoginAsync(CancellationToken.None);
        var config = Directory.CreateTempSubdirectory("delivery-docker-config-").FullName;
        try
        {
            await Docker(config, $"login -u AWS --password-stdin {engine.Emulator.Options.RegistryHost}", login.Password);
            clock.Restart();
            await Docker(config, $"build -q -t {repository}:1 {Path.Combine(theirs.Root, "svc")}");
            await Docker(config, $"push -q {repository}:1");
            var cliSeconds = clock.Elapsed.TotalSeconds;

            output.WriteLine($"(a) bake+push of an 8 MiB layer + 1 file: Delivery {deliverySeconds:F2} s ({outcome.Push.BytesUploaded:N0} bytes), docker build+push {cliSeconds:F2} s, ratio {deliverySeconds / cliSeconds:F2}; Delivery stages: {string.Join(", ", outcome.Timings.Select(t => $"{t.Key} {t.Value.TotalMilliseconds:F0} ms"))}");
            Assert.Equal(ImageOutcomeKind.Pushed, outcome.Kind);
        }
        finally
        {
            Directory.Delete(config, true);
        }
    }

    [Fact]
    public async Task Push_SameCommitAgain_NoRebuildZeroBytes()
    {
        engine.EnsureAvailable();
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);
        using var service = new ServiceRepository(Dockerfile, Files(7));
        var job = service.Job(engine.NewRepository("bench/again"));
        await engine.Releaser(ecr, time).PushAsync(job, false, Quiet, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var again = await engine.Releaser(ecr, time).PushAsync(job, false, Quiet, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"(b) same commit again: {seconds * 1000:F0} ms, {again.Push.BytesUploaded} bytes uploaded, bake skipped: {again.BakeSkipped}");
        Assert.Equal(0, again.Push.BytesUploaded);
        Assert.True(again.BakeSkipped);
    }

    [Fact]
    public async Task Push_OneFileChanged_SendsAboutTheChangedLayerOnly()
    {
        engine.EnsureAvailable();
        var time = new FakeTimeProvider(engine.EmulatorTime.GetUtcNow());
        var ecr = engine.Ecr(time);
        using var service = new ServiceRepository(Dockerfile, Files(11));
        var job = service.Job(engine.NewRepository("bench/change"));
        var first = await engine.Releaser(ecr, time).PushAsync(job, false, Quiet, CancellationToken.None);
        service.Write("svc/app.txt", "version 2: one changed file\n");
        service.Commit("change one file");

        var clock = Stopwatch.StartNew();
        var second = await engine.Releaser(ecr, time).PushAsync(job, false, Quiet, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;

        var manifest = JsonNode.Parse((await ecr.GetManifestAsync(job.Image.Repository, second.Tag, CancellationToken.None))!.Content)!;
        var changedLayer = manifest["layers"]!.AsArray().Last()!["size"]!.GetValue<long>();
        var config = manifest["config"]!["size"]!.GetValue<long>();
        output.WriteLine($"(c) one file changed: {seconds:F2} s, {second.Push.BytesUploaded:N0} bytes in {second.Push.BlobsUploaded} blobs uploaded; changed layer {changedLayer:N0} bytes + config {config:N0}; first push was {first.Push.BytesUploaded:N0} bytes");
        Assert.Equal(changedLayer + config, second.Push.BytesUploaded);
    }

    private static async Task Docker(string config, string arguments, string? input = null)
    {
        var start = new ProcessStartInfo("docker", $"--config {config} {arguments}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOCKER_BUILDKIT"] = "0"; // the classic builder, as the API gives Delivery
        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"docker {arguments.Split(' ')[0]} failed: {await stderr}");
    }
}

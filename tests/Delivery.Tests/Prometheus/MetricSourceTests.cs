using System.Diagnostics;
using System.Net;
using Delivery.Core.Analysis;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Pipelines;
using Delivery.Prometheus;
using Delivery.Tests.Pipelines;

namespace Delivery.Tests.Prometheus;

public sealed class MetricSourceTests
{
    private static readonly string Root = TestRepository.Checkout();
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static DeploymentTarget Lobby()
    {
        var environment = EnvironmentLoader.Load(Root);
        return new DeploymentTarget(PipelineCatalog.Load(Root, environment).Get("lobby"), environment);
    }

    /// <summary>The sample pipeline's checks, as the engine writes them, are PromQL the real Prometheus accepts.</summary>
    [Fact]
    public async Task SampleLobbyChecks_AgainstTheSandboxPrometheus_AreAcceptedQueries()
    {
        var target = Lobby();
        using var client = new PrometheusClient(LivePrometheusTests.Url, TimeProvider.System);
        var source = new PrometheusMetricSource(client);
        await source.CheckAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        var readings = await source.ReadAsync(target, new AnalysisContext(target.Policy.Analysis, "abc1234", "def5678"), now.AddMinutes(-2), now, CancellationToken.None);

        Assert.Equal(["error-rate", "p99-latency"], readings.Select(r => r.Check));
        Assert.All(readings, r => Assert.True(r.Error is null, r.Error));
        Assert.All(readings.SelectMany(r => r.Queries), q => Assert.Contains("app=~\"/games/lobby|/games/lobby-canary\"", q));
        Assert.Contains("sum by (zone, track) (increase(lobby_http_requests_total{route=~\"/v1/.*\", code=~\"5..\", app=~\"/games/lobby|/games/lobby-canary\"}[15s]))", readings[0].Queries);
        Assert.Contains(readings[0].Queries, q => q.EndsWith("[120s]))", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_PrometheusDown_GivesErrorReadingsNotExceptions()
    {
        var target = Lobby();
        using var client = new PrometheusClient(new Uri("http://127.0.0.1:1"), TimeProvider.System, new PrometheusClientOptions(TimeSpan.FromSeconds(1), 1, TimeSpan.Zero));
        var source = new PrometheusMetricSource(client);

        var readings = await source.ReadAsync(target, new AnalysisContext(target.Policy.Analysis, null, null), At.AddMinutes(-1), At, CancellationToken.None);

        Assert.All(readings, r => Assert.Contains("does not answer", r.Error));
        var refused = await Assert.ThrowsAsync<Core.DeliveryException>(() => source.CheckAsync(CancellationToken.None));
        Assert.StartsWith("Refused to start: the canary analysis needs Prometheus, and Tried to read the build information of Prometheus at http://127.0.0.1:1", refused.Message);
    }

    [Fact]
    public async Task Read_Answers_BecomeCountsAndBucketsPerZoneAndTrack()
    {
        var target = Lobby();
        var counts = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"zone":"us-east-1a","track":"canary"},"value":[1795953600,"50"]},
              {"metric":{"zone":"us-east-1a","track":"stable"},"value":[1795953600,"99.6"]},
              {"metric":{"zone":"us-east-1b","track":"canary"},"value":[1795953600,"NaN"]}]}}
            """;
        var buckets = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"zone":"us-east-1a","track":"canary","le":"0.1"},"value":[1795953600,"40"]},
              {"metric":{"zone":"us-east-1a","track":"canary","le":"+Inf"},"value":[1795953600,"39.5"]},
              {"metric":{"zone":"us-east-1a","track":"canary","le":"0.05"},"value":[1795953600,"30"]}]}}
            """;
        var handler = new StubHandler { ByRequest = r => (HttpStatusCode.OK, r.RequestUri!.AbsoluteUri.Contains("_bucket") ? buckets : counts) };
        using var client = new PrometheusClient(new Uri("http://127.0.0.1:19999"), TimeProvider.System, null, handler);
        var analysis = target.Policy.Analysis;

        var readings = await new PrometheusMetricSource(client).ReadAsync(target, new AnalysisContext(analysis, null, null), At.AddMinutes(-1), At, CancellationToken.None);

        var a = readings[0].In(new Zone("us-east-1a"));
        Assert.Equal(new CountSample(50, 50), a.Canary.Window);
        Assert.Equal(new CountSample(99.6, 99.6), a.Stable.Total);
        Assert.Equal(new CountSample(0, 0), readings[0].In(new Zone("us-east-1b")).Canary.Window);
        Assert.IsType<NoSample>(readings[0].In(new Zone("us-east-1c")).Canary.Window);
        var histogram = Assert.IsType<HistogramSample>(readings[1].In(new Zone("us-east-1a")).Canary.Window);
        Assert.Equal([(0.05, 30.0), (0.1, 40.0), (double.PositiveInfinity, 40.0)], histogram.Buckets.Select(b => (b.UpperBound, b.Count)));
    }

    [Fact]
    public void ExampleProductionConfig_PassesPromtool()
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var argument in new[] { "check", "config", "pipelines/prometheus/marathon-canary.yml" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start: install Debian's prometheus");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "promtool hung");
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }
}

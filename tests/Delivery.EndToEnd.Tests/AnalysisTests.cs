using System.Diagnostics;
using Delivery.Composition;
using Delivery.Engine;
using Delivery.Prometheus;
using Delivery.Reports;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// The canary judged by its metrics on the sandbox: real containers, the real Prometheus, real traffic from the
/// players (the local environment's during-analysis hook). Releases that stay healthy but hurt players are rolled back
/// by the metrics alone; nothing is promoted on missing data.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class AnalysisTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 240_000)]
    public async Task Deploy_ThirtyPercentErrors_RolledBackByMetricsWhileHealthChecksPass()
    {
        var first = await StartFromGood1Async();

        var (report, error) = await DeployAsync(Sandbox.ThirtyPercentErrors);

        Assert.True(report.Outcome == RunOutcome.RolledBack, $"{report.Outcome}: {report.Reason} {error}");
        Assert.Contains("Metric error-rate failed", report.Reason);
        // Health never failed; the metrics did. The first zone surely over the limit rolls back: another zone whose last
        // interval was still short of requests may be undecided then, never passed nor failed on health.
        Assert.Contains(report.Zones, zone => zone.Verdict == "MetricFailure");
        Assert.All(report.Zones, zone => Assert.Contains(zone.Verdict, new[] { "MetricFailure", "MetricPending" }));
        Assert.All(report.Zones, zone => Assert.Equal("Passed", zone.Canary.Phase));
        Assert.Contains(report.Analysis!.Evaluations, e => e.Check == "error-rate" && e.Phase == "Failed" && e.Numbers["canary"] > 0.1);
        SayTimeToVerdict(report, "RollingBack");
        Assert.Contains("<svg", HtmlReport.Render(report));
        await AssertConvergedAsync(first.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Deploy_FourHundredMillisecondsSlower_RolledBackByLatency()
    {
        var first = await StartFromGood1Async();

        var (report, error) = await DeployAsync(Sandbox.FourHundredMsSlower);

        Assert.True(report.Outcome == RunOutcome.RolledBack, $"{report.Outcome}: {report.Reason} {error}");
        Assert.Contains("Metric p99-latency failed", report.Reason);
        Assert.Contains(report.Analysis!.Evaluations, e => e.Check == "p99-latency" && e.Phase == "Failed" && e.Numbers["canary"] > 0.25);
        SayTimeToVerdict(report, "RollingBack");
        await AssertConvergedAsync(first.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Deploy_NobodyPlays_NotPromotedAndTheReasonNamesTheZone()
    {
        var first = await StartFromGood1Async();

        var (report, error) = await DeployAsync(Sandbox.NoPlayers);

        Assert.True(report.Outcome == RunOutcome.Paused, $"{report.Outcome}: {report.Reason} {error}");
        Assert.Matches(@"canary in us-east-1[abc] received \d+ requests in \d+s", report.Reason);
        Assert.EndsWith(first.Release!.Digest!, (await StableAsync())!.Image);
        var undone = await RollbackAsync();
        Assert.Equal(RunOutcome.RolledBack, undone.Outcome);
        await AssertConvergedAsync(first.Release!.Digest);
    }

    /// <summary>
    /// A Prometheus of the test's own (the sandbox's configuration, another port) reads the canary, and is killed in the
    /// middle of the analysis: the run must not promote, and must say why.
    /// </summary>
    [Fact(Timeout = 240_000)]
    public async Task Deploy_PrometheusStoppedMidCanary_NotPromotedAndTheReportSaysWhy()
    {
        var first = await StartFromGood1Async();
        await using var prometheus = await OwnPrometheus.StartAsync(Sandbox.SandboxDirectory, Bound);
        using var client = new PrometheusClient(prometheus.Url, TimeProvider.System, new PrometheusClientOptions(TimeSpan.FromSeconds(3), 2, TimeSpan.FromMilliseconds(200)));
        Sandbox.Repository.Checkout(Sandbox.Good2);
        using var host = DeliveryHost.Create(Sandbox.Options(Say) with { Metrics = new PrometheusMetricSource(client) }, Sandbox.Marathon);
        var deploy = host.Deploy().RunAsync(host.Targets(["lobby"])[0], allowDirty: false, Bound);

        // Stop it once the analysis has read at least once.
        var watch = Stopwatch.StartNew();
        while (!deploy.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(150) && !await AnalysisHasReadAsync(client)) await Task.Delay(500);
        await prometheus.StopAsync();
        Say("Stopped the test's Prometheus");

        RunReport report;
        try { report = await deploy; }
        catch (RunFailedException failed) { report = failed.Report; }

        Say($"{report.Outcome}: {report.Reason}");
        Assert.NotEqual(RunOutcome.Promoted, report.Outcome);
        Assert.Contains("could not read the metrics", report.Reason);
        Assert.Contains(report.Analysis!.Evaluations, e => e.Phase == "Error" && e.Message.Contains("does not answer"));
        await AssertConvergedAsync(first.Release!.Digest);
    }

    /// <summary>The canary's tasks have been scraped: the analysis has something to read.</summary>
    private async Task<bool> AnalysisHasReadAsync(PrometheusClient client)
    {
        if (await CanaryAsync() is null) return false;
        try
        {
            var series = await client.QueryAsync($"sum(lobby_http_requests_total{{app=\"{Sandbox.CanaryAppId}\"}})", DateTimeOffset.UtcNow, Bound);
            return series.Count > 0 && series[0].Value > 100;
        }
        catch (PrometheusException) { return false; }
    }

    /// <summary>Benchmark figure: from the analysis start (canaries healthy everywhere) to the verdict.</summary>
    private void SayTimeToVerdict(RunReport report, string verdictCode)
    {
        var started = report.Analysis?.StartedAt;
        var decided = report.Timeline.FirstOrDefault(t => t.Code == verdictCode)?.At;
        if (started is { } s && decided is { } d) Say($"Benchmark: canary healthy → {verdictCode} in {(d - s).TotalSeconds:0.0} s");
    }
}

using System.Diagnostics;
using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>Deploy on the sandbox with real containers: promotion, rollback of bad releases, AlreadyLive, Rollback after promotion.</summary>
[Collection(SandboxCollection.Name)]
public sealed class DeployTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 240_000)]
    public async Task Deploy_GoodRelease_PromotedInEveryZoneThenSameCommitIsAlreadyLive()
    {
        await StartFromGood1Async();

        var (promoted, error) = await DeployAsync(Sandbox.Good2);

        Assert.True(promoted.Outcome == RunOutcome.Promoted, $"{promoted.Outcome}: {promoted.Reason} {error}");
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], promoted.Zones.Select(z => z.Zone));
        Assert.All(promoted.Zones, zone => Assert.Equal("Passed", zone.Verdict));
        // Promoted on the metrics: every check passed in every zone at the last read, and the smoke test ran first.
        var last = promoted.Analysis!.Evaluations.GroupBy(e => (e.Check, e.Zone)).Select(g => g.Last()).ToList();
        Assert.Equal(6, last.Count);
        Assert.All(last, e => Assert.Equal("Passed", e.Phase));
        Assert.Contains(promoted.Hooks, h => h.Name == "smoke" && h.Passed);
        Assert.Contains(promoted.Hooks, h => h.Name == "players");
        await AssertConvergedAsync(promoted.Release!.Digest);

        var stableVersion = (await StableAsync())!.Version;
        var watched = new WatchedMarathon(Sandbox.Marathon);
        var clock = Stopwatch.StartNew();
        var (again, _) = await DeployAsync(Sandbox.Good2, watched);
        Say($"AlreadyLive took {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(RunOutcome.AlreadyLive, again.Outcome);
        Assert.Null(again.Push);
        Assert.Empty(watched.Writes);
        Assert.Equal(stableVersion, (await StableAsync())!.Version);
    }

    [Fact(Timeout = 240_000)]
    public async Task Deploy_ReleaseCrashingOnStart_RolledBackWithStableUntouched()
    {
        var first = await StartFromGood1Async();
        var before = (await StableAsync())!;
        var watched = new WatchedMarathon(Sandbox.Marathon);
        var rollbacksBefore = await DeliveryMetricAsync(RolledBackDeploys);

        var (report, error) = await DeployAsync(Sandbox.CrashOnStart, watched);

        Assert.True(report.Outcome == RunOutcome.RolledBack, $"{report.Outcome}: {report.Reason} {error}");
        Assert.Contains(report.Zones, zone => zone.Verdict == "ReleaseFailure");
        // The webhook heard it, with the verdict of every zone; the Pushgateway's count reached the sandbox's Prometheus.
        var message = await Sandbox.Events.WaitForAsync(report.RunId, "rolled-back", TimeSpan.FromSeconds(10));
        Assert.NotNull(message);
        Assert.Equal(report.Reason, message.Value.GetProperty("reason").GetString());
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], message.Value.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("zone").GetString()).Order());
        Assert.Contains(message.Value.GetProperty("zones").EnumerateArray(), z => z.GetProperty("verdict").GetString() == "ReleaseFailure");
        Assert.True(await MetricReachesAsync(RolledBackDeploys, rollbacksBefore + 1), "delivery_runs_total of rolled-back deploys did not reach Prometheus");
        Assert.DoesNotContain(watched.Writes, w => w == $"put {Sandbox.StableAppId}" || w.StartsWith($"scale {Sandbox.StableAppId} ", StringComparison.Ordinal));
        Assert.Equal(before.Version, (await StableAsync())!.Version);
        await AssertConvergedAsync(first.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Rollback_ReleaseTurningUnhealthyAfterPromotion_RestoresThePreviousRelease()
    {
        var first = await StartFromGood1Async();
        var (promoted, error) = await DeployAsync(Sandbox.UnhealthyLater);
        Assert.True(promoted.Outcome == RunOutcome.Promoted, $"{promoted.Outcome}: {promoted.Reason} {error}");

        var clock = Stopwatch.StartNew();
        var report = await RollbackAsync();
        Say($"Benchmark: Rollback to the previous release, healthy, took {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        await AssertConvergedAsync(first.Release!.Digest);
        Assert.StartsWith("!", (await StableAsync())!.Labels!["delivery.history"]);
    }

    [Fact(Timeout = 120_000)]
    public async Task Deploy_BadPipelineFile_FailsWithFileLineColumnAndTouchesNothing()
    {
        await Sandbox.ResetAsync();
        var file = Path.Combine(Sandbox.Repository.Root, "pipelines", "lobby.yaml");
        var good = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, good.Replace("instances: 3", "instances: three"));
        try
        {
            var error = Assert.ThrowsAny<Delivery.Core.DeliveryException>(() => Host());
            Assert.Matches(@"pipelines/lobby\.yaml:\d+:\d+", error.Message);
            Assert.DoesNotContain("\n", error.Message.Trim());
            Assert.Null(await StableAsync());
            Assert.Null(await Sandbox.Marathon.GetAppAsync(Sandbox.LedgerAppId));
        }
        finally
        {
            await File.WriteAllTextAsync(file, good);
        }
    }

    private const string RolledBackDeploys = "delivery_runs_total{job=\"delivery\",pipeline=\"lobby\",environment=\"local\",kind=\"Deploy\",outcome=\"RolledBack\"}";

    /// <summary>The value of <paramref name="query"/> in the sandbox's Prometheus now (0 when it has no series yet).</summary>
    private async Task<double> DeliveryMetricAsync(string query)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var answer = await http.GetStringAsync(new Uri(Sandbox.PrometheusUrl, $"api/v1/query?query={Uri.EscapeDataString(query)}"));
        using var json = System.Text.Json.JsonDocument.Parse(answer);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? 0 : double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (a few scrapes at most) until <paramref name="query"/> shows <paramref name="expected"/>.</summary>
    private async Task<bool> MetricReachesAsync(string query, double expected)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await DeliveryMetricAsync(query) >= expected) return true;
            await Task.Delay(500);
        }
        return false;
    }
}

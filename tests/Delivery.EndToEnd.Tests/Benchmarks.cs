using System.Diagnostics;
using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>Figures printed for people (run with --filter Category=Benchmark): how fast the engine answers.</summary>
[Collection(SandboxCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class Benchmarks(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 300_000)]
    public async Task Benchmark_DeployAlreadyLiveRollbackAndAbort_PrintsTimings()
    {
        await StartFromGood1Async();

        var deploy = Stopwatch.StartNew();
        var (promoted, _) = await DeployAsync(Sandbox.Good2);
        deploy.Stop();
        Assert.Equal(RunOutcome.Promoted, promoted.Outcome);
        var total = (promoted.FinishedAt - promoted.StartedAt).TotalSeconds;
        var engine = total - promoted.RequestedWaitSeconds;
        Say($"Benchmark: Deploy took {total:0.0} s, of which {promoted.RequestedWaitSeconds:0.0} s were waits the pipeline asked for; " +
            $"overhead {engine:0.0} s = {engine / total:P0} of the run (stages: {string.Join(", ", promoted.StageSeconds.Select(s => $"{s.Key} {s.Value:0.0}s"))})");

        var already = Stopwatch.StartNew();
        var (live, _) = await DeployAsync(Sandbox.Good2);
        Say($"Benchmark: AlreadyLive answered in {already.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(RunOutcome.AlreadyLive, live.Outcome);

        var rollback = Stopwatch.StartNew();
        var restored = await RollbackAsync();
        var took = rollback.Elapsed;
        Assert.Equal(RunOutcome.RolledBack, restored.Outcome);
        await SayRestoreBreakdownAsync(restored, took);

        var (aborted, _) = await DeployAsync(Sandbox.CrashOnStart);
        Assert.Equal(RunOutcome.RolledBack, aborted.Outcome);
        var decided = aborted.Timeline.First(t => t.Code == "RollingBack").At;
        var done = aborted.Timeline.Last(t => t.Code == "RolledBack").At;
        Say($"Benchmark: from the rollback decision to canary gone and stable at full size: {(done - decided).TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Where a restore's time goes: the lease, the restore write, Marathon starting the containers (from the write to the
    /// last new task running), and their health checks (to the last new task healthy), against the goal
    /// "container start + one health interval + 2 s".
    /// </summary>
    private async Task SayRestoreBreakdownAsync(RunReport report, TimeSpan total)
    {
        var write = report.Timeline.First(t => t.Code == "Restoring").At;
        var stable = (await StableAsync())!;
        var tasks = stable.Tasks ?? [];
        var running = tasks.Max(t => t.StartedAt ?? write);
        var healthy = tasks.SelectMany(t => t.HealthCheckResults ?? []).Max(h => h.FirstSuccess ?? running);
        var interval = stable.HealthChecks?.FirstOrDefault()?.IntervalSeconds ?? 0;
        var start = (running - write).TotalSeconds;
        Say($"Benchmark: Rollback after a promotion took {total.TotalSeconds:0.0} s: lease {report.StageSeconds.GetValueOrDefault("lease"):0.00} s, " +
            $"intent {report.StageSeconds.GetValueOrDefault("intent"):0.00} s, image check {report.StageSeconds.GetValueOrDefault("image check"):0.00} s, " +
            $"restore write → containers running {start:0.0} s, → healthy {(healthy - running).TotalSeconds:0.0} s (health interval {interval} s); " +
            $"goal {start + interval + 2:0.0} s = container start + one interval + 2 s");
    }
}

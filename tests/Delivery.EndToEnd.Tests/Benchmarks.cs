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
        Say($"Benchmark: Rollback to the previous release, verified healthy, took {rollback.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(RunOutcome.RolledBack, restored.Outcome);

        var (aborted, _) = await DeployAsync(Sandbox.CrashOnStart);
        Assert.Equal(RunOutcome.RolledBack, aborted.Outcome);
        var decided = aborted.Timeline.First(t => t.Code == "RollingBack").At;
        var done = aborted.Timeline.Last(t => t.Code == "RolledBack").At;
        Say($"Benchmark: from the rollback decision to canary gone and stable at full size: {(done - decided).TotalSeconds:0.0} s");
    }
}

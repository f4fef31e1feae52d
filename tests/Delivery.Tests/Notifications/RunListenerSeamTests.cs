using Delivery.Core.Canary;
using Delivery.Engine;
using Delivery.Tests.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Notifications;

/// <summary>The engine tells its listener of every run's start, lease takeover and end, from EngineContext.ExecuteAsync.</summary>
public sealed class RunListenerSeamTests
{
    private static readonly Delivery.Core.Values.Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    internal sealed class RecordingListener : IRunListener
    {
        public List<string> Heard { get; } = [];
        public List<RunReport> Reports { get; } = [];

        public void Started(RunStart run) { lock (Heard) Heard.Add($"started {run.Kind} {run.Holder}"); }

        public void LeaseTakenOver(RunStart run, string from, string why) { lock (Heard) Heard.Add($"lease-taken-over {run.Kind}: {why}"); }

        public void Finished(RunReport report)
        {
            lock (Heard)
            {
                Heard.Add($"finished {report.Kind} {report.Outcome}");
                Reports.Add(report);
            }
        }

        public Task DrainAsync(CancellationToken ct) => Task.CompletedTask;
    }

    private static EngineWorld World(CanaryPolicy? policy = null)
    {
        var world = new EngineWorld(policy);
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        return world;
    }

    [Fact]
    public async Task Deploy_Promoted_ListenerHearsStartThenEnd()
    {
        var world = World();
        var listener = new RecordingListener();
        var context = world.Context() with { Listener = listener };

        var report = await world.Drive(new DeployUseCase(context, world.Git, world.Images, "/repo").RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Equal(["started Deploy alice@laptop", "finished Deploy Promoted"], listener.Heard);
        Assert.Same(report, Assert.Single(listener.Reports));
    }

    [Fact]
    public async Task RollbackPreemptingDeploy_ListenerHearsTheTakeoverAndBothEnds()
    {
        var world = World(Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(5)), new PromoteStep()));
        var listener = new RecordingListener();
        var deploy = new DeployUseCase(world.Context("ci/job-7") with { Listener = listener }, world.Git, world.Images, "/repo")
            .RunAsync(world.Target, false, CancellationToken.None);
        for (var i = 0; i < 400 && !world.Marathon.Exists(world.Target.CanaryAppId); i++)
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Yield();
        }

        var rolledBack = await world.Drive(new RollbackUseCase(world.Context("oncall@pager") with { Listener = listener }).RunAsync(world.Target, null, CancellationToken.None));
        await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(deploy));

        Assert.Equal(RunOutcome.RolledBack, rolledBack.Outcome);
        Assert.Equal(["started Deploy ci/job-7", "started Rollback oncall@pager", "lease-taken-over Rollback: a rollback pre-empts a deploy"], listener.Heard.Take(3));
        // The pre-empted Deploy notices at its next fence, before or after the Rollback ends.
        Assert.Equal(["finished Deploy Failed", "finished Rollback RolledBack"], listener.Heard.Skip(3).Order());
        Assert.Contains(rolledBack.Timeline, e => e.Code == "LeaseTakenOver");
    }

    [Fact]
    public async Task ListenerThatThrows_RunOutcomeStands()
    {
        var world = World();
        var context = world.Context() with { Listener = new ThrowingListener() };

        var report = await world.Drive(new DeployUseCase(context, world.Git, world.Images, "/repo").RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Contains(world.Lines, l => l.StartsWith("Warning: could not tell the outside world", StringComparison.Ordinal));
    }

    private sealed class ThrowingListener : IRunListener
    {
        public void Started(RunStart run) { }
        public void LeaseTakenOver(RunStart run, string from, string why) { }
        public void Finished(RunReport report) => throw new InvalidOperationException("broken listener");
        public Task DrainAsync(CancellationToken ct) => Task.CompletedTask;
    }
}

using Delivery.Core.Canary;
using Delivery.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

/// <summary>Reconcile on the in-memory Marathon and a fake clock: idle costs no write, timed-out pauses, abandoned runs, live holders.</summary>
public sealed class ReconcileTests
{
    private static readonly Delivery.Core.Values.Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    private static readonly CanaryPolicy TimedPause = Policy(
        new PlaceStep(), new PauseStep("approve the lobby", TimeSpan.FromMinutes(10), PauseTimeoutAction.Rollback), new PromoteStep());

    private static EngineWorld World(CanaryPolicy? policy = null)
    {
        var world = new EngineWorld(policy);
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        return world;
    }

    private static Task<ReconcileResult> Reconcile(EngineWorld world) =>
        world.Drive(new ReconcileUseCase(world.Context("cron@ci-runner")).RunAsync(world.Target, CancellationToken.None));

    [Fact]
    public async Task Idle_NothingInFlight_ReadsAndWritesNothing()
    {
        var world = World();
        var writes = world.Marathon.Writes.Count;

        var result = await Reconcile(world);

        Assert.False(result.Acted);
        Assert.Equal("nothing in flight (never deployed)", result.Summary);
        Assert.Equal(writes, world.Marathon.Writes.Count);
    }

    [Fact]
    public async Task PausedStep_BeforeItsTimeoutLeftAlone_AfterItRolledBackAsNoVerdict()
    {
        var world = World(TimedPause);
        var deployed = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        Assert.Equal(RunOutcome.Paused, deployed.Outcome);
        Assert.Contains("Unless a person acts, it rolls back at", deployed.Reason);

        var early = await Reconcile(world);
        Assert.False(early.Acted);
        Assert.StartsWith("paused for a person until ", early.Summary);
        Assert.True(world.Marathon.Exists(world.Target.CanaryAppId));

        world.Time.Advance(TimeSpan.FromMinutes(10));
        var late = await Reconcile(world);

        Assert.True(late.Acted);
        Assert.Equal(RunOutcome.RolledBack, late.Report!.Outcome);
        Assert.StartsWith("Rolled back: Nobody resumed or rolled back the run within the pause's 10m", late.Report.Reason);
        Assert.Equal(A, world.StableRelease);
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
        var again = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        Assert.Equal(RunOutcome.Paused, again.Outcome); // a timed-out pause is no verdict: the same commit is not refused
    }

    [Fact]
    public async Task AbandonedRun_HolderSilent_IsTakenOverAfterTheLeaseExpiresAndFinished()
    {
        var world = World();
        var dead = false;
        world.Marathon.BeforeWrite = write => { if (dead || write == "put /games/lobby") { dead = true; throw new InvalidOperationException("killed"); } };
        await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None)));
        world.Marathon.BeforeWrite = null;
        var started = world.Time.GetUtcNow();

        var result = await Reconcile(world);

        Assert.True(result.Acted, result.Summary);
        Assert.Equal(RunOutcome.Promoted, result.Report!.Outcome);
        Assert.True(world.Time.GetUtcNow() - started >= Delivery.Core.Leases.LeaseRules.Duration, "took over before the lease expired");
        Assert.Equal(B, world.StableRelease);
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
        Assert.False((await Reconcile(world)).Acted); // and again: nothing left to do
    }

    [Fact]
    public async Task LiveRun_ItsHolderRenews_IsLeftToIt()
    {
        var world = World(Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(5)), new PromoteStep()));
        var deploy = world.Deploy().RunAsync(world.Target, false, CancellationToken.None);
        for (var i = 0; i < 200 && !world.Marathon.Exists(world.Target.CanaryAppId); i++)
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
        }

        var result = await Reconcile(world);

        Assert.False(result.Acted);
        Assert.Contains("left to its holder", result.Summary);
        Assert.False(deploy.IsCompleted);
        Assert.Equal(RunOutcome.Promoted, (await world.Drive(deploy)).Outcome);
    }

    [Fact]
    public async Task TwoReconcilesAtOnce_OnAnAbandonedRun_OneFinishesItAndTheOtherChangesNothing()
    {
        var world = World();
        var dead = false;
        world.Marathon.BeforeWrite = write => { if (dead || write == "put /games/lobby") { dead = true; throw new InvalidOperationException("killed"); } };
        await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None)));
        world.Marathon.BeforeWrite = null;

        var first = new ReconcileUseCase(world.Context("cron@runner-1")).RunAsync(world.Target, CancellationToken.None);
        var second = new ReconcileUseCase(world.Context("cron@runner-2")).RunAsync(world.Target, CancellationToken.None);
        var results = await world.Drive(Task.WhenAll(first, second));

        var acted = results.Where(r => r.Report?.Outcome == RunOutcome.Promoted).ToList();
        Assert.Single(acted);
        var other = results.Single(r => r != acted[0]);
        Assert.True(other.Report is null or { Outcome: RunOutcome.AlreadyLive }, $"the other one did something: {other.Summary}");
        Assert.Equal(B, world.StableRelease);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }
}

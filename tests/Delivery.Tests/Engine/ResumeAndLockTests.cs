using Delivery.Core.Canary;
using Delivery.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

/// <summary>A run killed at each write, then the next run; two runs at once; Rollback pre-empting a Deploy.</summary>
public sealed class ResumeAndLockTests
{
    private static readonly Delivery.Core.Values.Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    private sealed class KilledException() : Exception("killed");

    private static EngineWorld World(CanaryPolicy? policy = null)
    {
        var world = new EngineWorld(policy);
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        return world;
    }

    /// <summary>
    /// From the first write matching <paramref name="point"/> on, every write fails: the process is gone, its lease
    /// is not given back (as after SIGKILL). Returns a function that revives Marathon for the next run.
    /// </summary>
    private static Action KillAt(EngineWorld world, string point, int occurrence = 1)
    {
        var seen = 0;
        var dead = false;
        world.Marathon.BeforeWrite = write =>
        {
            if (!dead && write == point && ++seen == occurrence) dead = true;
            if (dead) throw new KilledException();
        };
        return () => world.Marathon.BeforeWrite = null;
    }

    [Theory]
    [InlineData("create /games/lobby-canary", 1)]
    [InlineData("put /games/lobby-delivery", 3)]
    [InlineData("put /games/lobby", 1)]
    [InlineData("delete /games/lobby-canary", 1)]
    public async Task Deploy_KilledAtAWrite_NextDeployFinishesWithNoOrphans(string point, int occurrence)
    {
        var world = World();
        var revive = KillAt(world, point, occurrence);
        await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None)));
        revive();

        var context = world.Context("bob@desk") with { Settings = new EngineSettings { UseEvents = false, LockTimeout = TimeSpan.FromMinutes(5) } };
        var report = await world.Drive(new DeployUseCase(context, world.Git, world.Images, "/repo").RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Equal(B, world.StableRelease);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    [Theory]
    [InlineData("create /games/lobby-canary", 1)]
    [InlineData("put /games/lobby-delivery", 4)]
    [InlineData("delete /games/lobby-canary", 1)]
    public async Task Deploy_BadReleaseKilledMidway_NextRollbackRestoresStable(string point, int occurrence)
    {
        var world = World();
        world.Marathon.BadDigests.Add(B.Digest);
        var revive = KillAt(world, point, occurrence);
        await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None)));
        revive();

        var report = await world.Drive(new RollbackUseCase(world.Context("oncall@pager")).RunAsync(world.Target, null, CancellationToken.None));

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Equal(A, world.StableRelease);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    [Fact]
    public async Task Deploy_SecondRunWhileFirstHoldsLease_FailsNamingTheHolder()
    {
        var world = World(Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(2)), new PromoteStep()));
        var first = world.Deploy("alice@laptop").RunAsync(world.Target, false, CancellationToken.None);
        var second = world.Deploy("bob@desk").RunAsync(world.Target, false, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(second));
        var report = await world.Drive(first);

        Assert.Contains("alice@laptop", failure.Message);
        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Single(world.Marathon.Writes, w => w == "create /games/lobby-canary");
    }

    [Fact]
    public async Task Deploy_SecondRunWithLongerLockTimeout_WaitsAndNeverInterleaves()
    {
        var world = World();
        var patient = world.Context("bob@desk") with { Settings = new EngineSettings { UseEvents = false, LockTimeout = TimeSpan.FromMinutes(10) } };
        var setup = world.Marathon.Writes.Count;
        var first = world.Deploy("alice@laptop").RunAsync(world.Target, false, CancellationToken.None);
        var second = new DeployUseCase(patient, world.Git, world.Images, "/repo").RunAsync(world.Target, false, CancellationToken.None);

        var reports = await world.Drive(Task.WhenAll(first, second));

        Assert.All(reports, r => Assert.Equal(RunOutcome.Promoted, r.Outcome));
        Assert.Single(world.Marathon.Writes.Skip(setup), w => w == "create /games/lobby-canary");
        Assert.Single(world.Marathon.Writes.Skip(setup), w => w == "put /games/lobby");
    }

    [Fact]
    public async Task Rollback_DuringDeploy_PreemptsItAndRestoresStable()
    {
        var world = World(Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(5)), new PromoteStep()));
        var deploy = world.Deploy("ci/job-7").RunAsync(world.Target, false, CancellationToken.None);
        for (var i = 0; i < 400 && !world.Marathon.Exists(world.Target.CanaryAppId); i++)
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Yield();
        }
        Assert.True(world.Marathon.Exists(world.Target.CanaryAppId));

        var rollback = new RollbackUseCase(world.Context("oncall@pager")).RunAsync(world.Target, null, CancellationToken.None);
        var rolledBack = await world.Drive(rollback);
        var preempted = await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(deploy));

        Assert.Equal(RunOutcome.RolledBack, rolledBack.Outcome);
        Assert.Contains("oncall@pager", preempted.Message);
        Assert.Equal(A, world.StableRelease);
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    [Fact]
    public async Task Rollback_AfterPromotion_RestoresPreviousGoodReleaseAndMarksTheBadOne()
    {
        var world = World();
        await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        Assert.Equal(B, world.StableRelease);

        var report = await world.Drive(new RollbackUseCase(world.Context("oncall@pager")).RunAsync(world.Target, null, CancellationToken.None));

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Equal(A.Digest, world.StableRelease!.Digest);
        var history = ReleaseHistory.FromLabels(world.Marathon.Definition(world.Target.StableAppId).Labels!);
        Assert.Contains(history.Entries, e => e.Digest == B.Digest && e.RolledBack);
        Assert.Equal(AppDefinitions.RestoreUpgrade, world.Marathon.Definition(world.Target.StableAppId).UpgradeStrategy);
    }

    [Fact]
    public async Task Rollback_NothingEarlierRecorded_FailsSayingWhy()
    {
        var world = World();

        var failure = await Assert.ThrowsAsync<RunFailedException>(() =>
            world.Drive(new RollbackUseCase(world.Context("oncall@pager")).RunAsync(world.Target, null, CancellationToken.None)));

        Assert.Contains("No earlier good release", failure.Message);
        Assert.Equal(RunOutcome.Failed, failure.Report.Outcome);
    }
}

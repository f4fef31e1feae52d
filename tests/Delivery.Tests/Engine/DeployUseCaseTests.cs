using Delivery.Core.Canary;
using Delivery.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

public sealed class DeployUseCaseTests
{
    private static readonly Delivery.Core.Values.Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    private static EngineWorld WorldWithStableA()
    {
        var world = new EngineWorld();
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        return world;
    }

    [Fact]
    public async Task Deploy_GoodRelease_PromotedInEveryZoneAndCanaryRemoved()
    {
        var world = WorldWithStableA();

        var report = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Equal(B, world.StableRelease);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], report.Zones.Select(z => z.Zone));
        Assert.All(report.Zones, zone => Assert.Equal("Passed", zone.Verdict));
        Assert.Equal(A.Digest, ReleaseHistory.FromLabels(world.Marathon.Definition(world.Target.StableAppId).Labels!).Entries[0].Digest);
        Assert.Equal(1000, report.Push!.BytesUploaded);
        Assert.True(report.RequestedWaitSeconds >= 29, $"waited {report.RequestedWaitSeconds}s");
    }

    [Fact]
    public async Task Deploy_ReleaseThatNeverBecomesHealthy_RolledBackWithStableUntouched()
    {
        var world = WorldWithStableA();
        world.Marathon.BadDigests.Add(B.Digest);
        var setup = world.Marathon.Writes.Count;

        var report = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Contains("canary", report.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(A, world.StableRelease);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
        Assert.DoesNotContain(world.Marathon.Writes.Skip(setup), w => w == "put /games/lobby" || w.StartsWith("scale /games/lobby ", StringComparison.Ordinal));
        Assert.Contains(report.Zones, zone => zone.Verdict == "ReleaseFailure");
    }

    [Fact]
    public async Task Deploy_CommitAlreadyStable_AlreadyLiveWithoutPushOrMarathonWrite()
    {
        var world = WorldWithStableA();
        world.Git.Head = A.Commit;
        var writesBefore = world.Marathon.Writes.Count;

        var report = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.AlreadyLive, report.Outcome);
        Assert.Equal(0, world.Images.Calls);
        Assert.Equal(writesBefore, world.Marathon.Writes.Count);
        Assert.True(report.Live);
    }

    [Fact]
    public async Task Deploy_NoStableAppYet_FirstReleaseBecomesStable()
    {
        var world = new EngineWorld();
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;

        var report = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Equal(B, world.StableRelease);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    [Fact]
    public async Task Deploy_PlanWithPauseStep_PausesThenPromoteFinishes()
    {
        var world = new EngineWorld(Policy(new PlaceStep(), new PauseStep("look at the dashboards"), new PromoteStep()));
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;

        var paused = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        Assert.Equal(RunOutcome.Paused, paused.Outcome);
        Assert.Contains("Promote", paused.Reason);
        Assert.True(world.Marathon.Exists(world.Target.CanaryAppId));

        var promoted = await world.Drive(new PromoteUseCase(world.Context("bob@desk")).RunAsync(world.Target, CancellationToken.None));
        Assert.Equal(RunOutcome.Promoted, promoted.Outcome);
        Assert.Equal(B, world.StableRelease);
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    [Fact]
    public async Task Deploy_RepeatedPassAfterPromotion_WritesNothing()
    {
        var world = WorldWithStableA();
        await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        var writes = world.Marathon.Writes.Count;
        var session = world.Context().Session(world.Target, LeaseIntent.Deploy, "Pass");

        await world.Drive(session.Lease.AcquireAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        var leaseWrites = world.Marathon.Writes.Count;
        var first = await session.Orchestrator().PassAsync(CancellationToken.None);
        var second = await session.Orchestrator().PassAsync(CancellationToken.None);

        Assert.IsType<CanaryAction.Done>(first.Action);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(leaseWrites, world.Marathon.Writes.Count);
        Assert.True(leaseWrites > writes);
    }
}

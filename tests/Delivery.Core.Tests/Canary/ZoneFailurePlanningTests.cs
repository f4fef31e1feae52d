using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Core.Values;
using static Delivery.Core.Canary.CanaryAction;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

/// <summary>Zone failure (stable and canary both failing in a zone) against release failure, under both policies.</summary>
public class ZoneFailurePlanningTests
{
    private static readonly CanaryPolicy Plan = Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(5)), new PromoteStep());
    private static readonly CanaryStatus Watching = Begun(Plan) with { StepIndex = 1, CanaryPerZone = 1 };
    private static readonly DateTimeOffset Now = T0.AddMinutes(2);

    // Canary tasks in a failing zone: running, never healthy, well past grace + interval.
    private static ZoneTasks Failing => Tasks(0, 1, started: T0);

    private static ObservedState World(ISet<Zone> canaryFails, ISet<Zone> stableFails) => new(Zones,
        App(StableId, 9, Stable, Zones.ToDictionary(z => z, z => stableFails.Contains(z) ? Tasks(0, 3) : Tasks(3))),
        CanaryApp(Watching, 3, Zones.ToDictionary(z => z, z => canaryFails.Contains(z) ? Failing : Tasks(1))));

    private static CanaryDecision Decide(CanaryPolicy policy, ObservedState world, CanaryStatus? status = null) =>
        CanaryPlanner.Decide(policy, status ?? Watching, world, Now);

    [Theory]
    [InlineData(ZoneFailurePolicy.Pause)]
    [InlineData(ZoneFailurePolicy.ContinueWithoutZone)]
    public void CanaryFailsWhileStableHealthy_ReleaseFailureRollsBackUnderEitherPolicy(ZoneFailurePolicy onZoneFailure)
    {
        var decision = Decide(Plan with { OnZoneFailure = onZoneFailure }, World(new HashSet<Zone> { B }, new HashSet<Zone>()));

        Assert.IsType<RollBack>(decision.Action);
        Assert.Contains(decision.Verdicts, v => v.Zone == B && v.Outcome == ZoneOutcome.ReleaseFailure);
    }

    [Fact]
    public void BothFailUnderPause_PausesOnTheZone()
    {
        var decision = Decide(Plan, World(new HashSet<Zone> { B }, new HashSet<Zone> { B }));

        Assert.Equal(new PauseZoneFailure(B), decision.Action);
        Assert.Equal((CanaryPhase.Paused, B), (decision.Status.Phase, decision.Status.PausedZone));
        Assert.Equal("ZoneFailure", decision.Reason.Code);
    }

    [Fact]
    public void BothFailUnderPause_RepeatedPassStaysPausedAndOtherZonesStillJudged()
    {
        var world = World(new HashSet<Zone> { B }, new HashSet<Zone> { B });
        var paused = Decide(Plan, world).Status;

        var again = Decide(Plan, world, paused);

        Assert.Equal(new PauseZoneFailure(B), again.Action);
        Assert.Equal([A, C], again.Verdicts.Select(v => v.Zone));
    }

    [Fact]
    public void BothFailUnderPause_ResumedWhileZoneStillBroken_PausesAgain()
    {
        var world = World(new HashSet<Zone> { B }, new HashSet<Zone> { B });
        var resumed = Decide(Plan, world).Status.Resume(Now);

        Assert.Equal(new PauseZoneFailure(B), Decide(Plan, world, resumed).Action);
    }

    [Fact]
    public void BothFailUnderContinue_ZoneDroppedAndItsDataNoLongerCounts()
    {
        var policy = Plan with { OnZoneFailure = ZoneFailurePolicy.ContinueWithoutZone };

        var decision = Decide(policy, World(new HashSet<Zone> { B }, new HashSet<Zone> { B }));

        Assert.IsType<Wait>(decision.Action);
        Assert.Equal([B], decision.Status.ExcludedZones);
        Assert.Equal("ZoneExcluded", decision.Reason.Code);
        Assert.DoesNotContain(decision.Verdicts, v => v.Zone == B);
    }

    [Fact]
    public void BothFailEverywhereUnderContinue_NothingLeftToJudgeSoPause()
    {
        var all = new HashSet<Zone>(Zones);

        var decision = Decide(Plan with { OnZoneFailure = ZoneFailurePolicy.ContinueWithoutZone }, World(all, all));

        Assert.Equal(new PauseForPerson(), decision.Action);
        Assert.Equal("NoZonesLeft", decision.Reason.Code);
        Assert.Empty(decision.Status.Resume(Now).ExcludedZones);
    }

    [Fact]
    public void Resume_AfterAPauseStep_MovesPastIt()
    {
        var paused = Watching with { Phase = CanaryPhase.Paused, Pause = new CanaryPause(PauseKind.Step, CanaryReasons.PausedByStep("look")) };

        var resumed = paused.Resume(Now);

        Assert.Equal((CanaryPhase.Progressing, 2, Now), (resumed.Phase, resumed.StepIndex, resumed.StepStartedAt));
        Assert.Same(Watching, Watching.Resume(Now));
    }
}

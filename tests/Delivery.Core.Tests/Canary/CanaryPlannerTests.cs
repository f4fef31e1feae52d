using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Core.Values;
using static Delivery.Core.Canary.CanaryAction;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

/// <summary>One row per transition, with explicit observed states and times.</summary>
public class CanaryPlannerTests
{
    private static readonly CanaryPolicy Plan = Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(2)), new GrowStep(50), new PromoteStep());
    private static readonly CanaryStatus Placed = Begun(Plan) with { CanaryPerZone = 1 };

    private static CanaryDecision Decide(CanaryStatus status, ObservedApp? stable, ObservedApp? canary, DateTimeOffset now,
        CanaryPolicy? policy = null, IReadOnlyList<Delivery.Core.Analysis.MetricReading>? metrics = null) =>
        CanaryPlanner.Decide(policy ?? Plan, status, new ObservedState(Zones, stable, canary, metrics), now);

    private static ObservedApp Canary(int perZoneHealthy, int instances = 3, CanaryStatus? status = null, int unhealthy = 0) =>
        CanaryApp(status ?? Placed, instances, Each(Tasks(perZoneHealthy, unhealthy)));

    [Fact]
    public void Place_NoCanaryApp_CreatesItInEveryZoneWithItsLabels()
    {
        var decision = Decide(Begun(Plan), StableApp(), null, T0);

        var place = Assert.IsType<PlaceCanary>(decision.Action);
        Assert.Equal((Candidate, 1, 3), (place.Release, place.PerZone, place.Instances));
        Assert.Equal("canary", place.Labels[CanaryAppLabels.Track]);
        Assert.Equal(1, decision.Status.CanaryPerZone);
        Assert.Equal("PlacingCanary", decision.Reason.Code);
    }

    [Fact]
    public void Place_CanaryStarting_WaitsForHealthUntilTheDeadline()
    {
        var decision = Decide(Placed, StableApp(), Canary(0, unhealthy: 1), T0.AddSeconds(20));

        Assert.Equal(new Wait(WaitFor.CanaryHealth, T0 + new HealthGatePolicy().HealthyDeadline), decision.Action);
        Assert.All(decision.Verdicts, v => Assert.Equal(ZoneOutcome.Pending, v.Outcome));
    }

    [Fact]
    public void Place_TaskReplacedAfterAFailure_WaitsUntilThatZonesOwnDeadlineNotThePastStepDeadline()
    {
        var failedAt = T0.AddMinutes(4);
        var now = T0.AddMinutes(6);
        var tasks = new Dictionary<Zone, ZoneTasks>
        {
            [A] = Tasks(1), [B] = Tasks(1), [C] = new ZoneTasks([new TaskFact("t", TaskState.Staged, null, false)], [failedAt]),
        };

        var decision = Decide(Placed, StableApp(), CanaryApp(Placed, 3, tasks), now);

        Assert.Equal(new Wait(WaitFor.CanaryHealth, failedAt + new HealthGatePolicy().HealthyDeadline), decision.Action);
        Assert.Equal(ZoneOutcome.Pending, decision.Verdicts.Single(v => v.Zone == C).Outcome);
    }

    [Fact]
    public void Place_HealthyInEveryZone_StepCompletedAndWatchingBegins()
    {
        var now = T0.AddSeconds(40);

        var decision = Decide(Placed, StableApp(), Canary(1), now);

        Assert.Equal(new Wait(WaitFor.Analysis, now.AddMinutes(2)), decision.Action);
        Assert.Equal((1, now), (decision.Status.StepIndex, decision.Status.StepStartedAt));
        Assert.StartsWith("Step 1/4 completed (place canaries).", decision.Reason.Message);
    }

    [Fact]
    public void Place_CanaryNotHealthyByTheDeadline_RollsBack()
    {
        var slow = CanaryApp(Placed, 3, Each(new ZoneTasks([new TaskFact("t", TaskState.Staged, null, false)], [])));

        var decision = Decide(Placed, StableApp(), slow, T0.AddMinutes(6));

        Assert.Equal(new RollBack(Stable, 9, false, CanaryId), decision.Action);
        Assert.Equal("ReleaseFailure", decision.Status.AbortReason!.Code);
        Assert.Equal(CanaryPhase.RollingBack, decision.Status.Phase);
    }

    [Fact]
    public void Wait_NotOver_WaitsUntilTheStepEnds()
    {
        var watching = Placed with { StepIndex = 1 };

        Assert.Equal(new Wait(WaitFor.Analysis, T0.AddMinutes(2)), Decide(watching, StableApp(), Canary(1), T0.AddMinutes(1)).Action);
    }

    [Fact]
    public void Grow_NoCanaryHealthyYet_ScalesCanaryUpButKeepsStable()
    {
        var growing = Placed with { StepIndex = 2 };

        var decision = Decide(growing, StableApp(), Canary(0, unhealthy: 1), T0.AddSeconds(5));

        Assert.Equal(new Grow(6, 9), decision.Action);
        Assert.Equal((2, 9), (decision.Status.CanaryPerZone, decision.Status.StableTarget));
    }

    [Theory]
    [InlineData(1, 9, typeof(Grow), 6)]   // 3 healthy canaries: stable may give up 3
    [InlineData(2, 6, typeof(Grow), 5)]   // 6 healthy: stable to its goal
    [InlineData(2, 5, typeof(Wait), 5)]   // at the goal and healthy: the next step (promote) needs all zones passed first
    public void Grow_AsCanariesTurnHealthy_StableFollowsWithoutDroppingCapacity(int healthyPerZone, int stableNow, Type action, int stableTarget)
    {
        var growing = Placed with { StepIndex = 2, CanaryPerZone = 2 };
        var stable = StableApp(instances: stableNow, healthyPerZone: Math.Min(3, stableNow / 3));

        var decision = Decide(growing, stable, Canary(healthyPerZone, 6, growing, unhealthy: 2 - healthyPerZone), T0.AddSeconds(30));

        Assert.Equal(stableTarget, decision.Status.StableTarget);
        if (action == typeof(Grow)) Assert.Equal(new Grow(6, stableTarget), decision.Action);
        else Assert.IsNotType<Grow>(decision.Action);
    }

    [Fact]
    public void Promote_AllZonesPassed_RollsStableToTheCanaryDigestKeepingTheCanary()
    {
        var promoting = Placed with { StepIndex = 3, CanaryPerZone = 2, StableTarget = 5 };

        var decision = Decide(promoting, StableApp(5), Canary(2, 6, promoting), T0.AddMinutes(5));

        Assert.Equal(new Promote(Candidate, 9), decision.Action);
        Assert.Equal((CanaryPhase.Promoting, T0.AddMinutes(5)), (decision.Status.Phase, decision.Status.StepStartedAt));
    }

    [Fact]
    public void Promote_AZoneNotPassed_WaitsInsteadOfPromoting()
    {
        var promoting = Placed with { StepIndex = 3 };
        var canary = CanaryApp(promoting, 3, new Dictionary<Zone, ZoneTasks> { [A] = Tasks(1), [B] = Tasks(1), [C] = Tasks(0, 1) });

        var decision = Decide(promoting, StableApp(), canary, T0.AddSeconds(20));

        Assert.IsType<Wait>(decision.Action);
        Assert.Equal(CanaryPhase.Progressing, decision.Status.Phase);
    }

    private static readonly CanaryStatus Promoting = Placed with { Phase = CanaryPhase.Promoting, StepIndex = 3 };

    public static TheoryData<bool, bool, int, string> PromotionStages() => new()
    {
        { false, false, 3, nameof(Promote) },          // PUT not applied yet (or killed before it)
        { true, true, 1, nameof(Wait) },               // Marathon's rolling upgrade in flight
        { true, false, 2, nameof(Wait) },              // deployment gone but not healthy enough
        { true, false, 3, nameof(FinishPromotion) },   // healthy at full size: remove the canary
    };

    [Theory]
    [MemberData(nameof(PromotionStages))]
    public void Promoting_EachStage_NextMove(bool stableOnNewDigest, bool deploying, int healthyPerZone, string expected)
    {
        var stable = StableApp(release: stableOnNewDigest ? Candidate : Stable, deploying: deploying, healthyPerZone: healthyPerZone);

        var decision = Decide(Promoting, stable, Canary(1), T0.AddMinutes(1));

        Assert.Equal(expected, decision.Action.GetType().Name);
    }

    [Fact]
    public void Promoting_CanaryAlreadyGone_Promoted()
    {
        var decision = Decide(Promoting with { Phase = CanaryPhase.Finalising }, StableApp(release: Candidate), null, T0);

        Assert.Equal(new Done(CanaryOutcome.Promoted), decision.Action);
        Assert.Equal(CanaryPhase.Promoted, decision.Status.Phase);
    }

    [Fact]
    public void Promoting_PastTheDeadline_RestoresTheOldDigest()
    {
        var stuck = StableApp(release: Candidate, deploying: true, healthyPerZone: 1);

        var decision = Decide(Promoting, stuck, Canary(1), T0 + new CanaryPolicy().PromotionDeadline + TimeSpan.FromSeconds(1));

        Assert.Equal(new RollBack(Stable, 9, RestoreImage: true, CanaryId), decision.Action);
        Assert.Equal("PromotionDeadlineExceeded", decision.Status.AbortReason!.Code);
    }

    private static readonly CanaryStatus RollingBack = Placed.Abort(CanaryReasons.MetricFailed("errors", "too many"), T0);

    public static TheoryData<int, bool, int, int, string> RollbackStages() => new()
    {
        { 5, true, 1, 10, nameof(RollBack) },   // stable still scaled down, canary there
        { 9, true, 3, 10, nameof(RollBack) },   // stable restored, canary not yet removed
        { 9, false, 2, 10, nameof(Wait) },      // waiting for stable to be healthy again
        { 9, false, 2, 400, nameof(Done) },     // past the rollback deadline: failed, loudly
        { 9, false, 3, 10, nameof(Done) },      // restored and healthy: rolled back
    };

    [Theory]
    [MemberData(nameof(RollbackStages))]
    public void RollingBack_EachStage_NextMove(int stableInstances, bool canaryThere, int healthyPerZone, int secondsLater, string expected)
    {
        var decision = Decide(RollingBack, StableApp(stableInstances, healthyPerZone: healthyPerZone), canaryThere ? Canary(1) : null,
            T0.AddSeconds(secondsLater));

        Assert.Equal(expected, decision.Action.GetType().Name);
        if (decision.Action is Done done)
            Assert.Equal(secondsLater > 300 ? CanaryOutcome.Failed : CanaryOutcome.RolledBack, done.Outcome);
    }

    [Fact]
    public void Abort_ByAPersonOrARollbackRun_RollsBackFromAnyStep()
    {
        var growing = Placed with { StepIndex = 2, CanaryPerZone = 2, StableTarget = 6 };
        var aborted = growing.Abort(CanaryReasons.RollingBack("requested by alice"), T0);

        var decision = Decide(aborted, StableApp(6), Canary(2, 6, growing), T0);

        Assert.Equal(new RollBack(Stable, 9, false, CanaryId), decision.Action);
        Assert.Same(aborted, aborted.Abort(CanaryReasons.Idle, T0.AddMinutes(1)));
    }

    [Fact]
    public void Progress_StepsEditedMidRun_StartAgainFromTheFirst()
    {
        var edited = Plan with { Steps = [new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(9)), new PromoteStep()] };
        var midway = Placed with { StepIndex = 2 };

        var decision = Decide(midway, StableApp(), Canary(1), T0.AddMinutes(3), edited);

        Assert.Equal(CanarySpecHash.Of(edited), decision.Status.SpecHash);
        Assert.Equal(1, decision.Status.StepIndex);
        Assert.StartsWith(CanaryReasons.SpecChanged.Message, decision.Reason.Message);
    }

    [Fact]
    public void Progress_CanaryAppRunsAnotherDigest_PausesForAPerson()
    {
        var foreign = App(CanaryId, 3, Older, Each(Tasks(1)));

        var decision = Decide(Placed, StableApp(), foreign, T0);

        Assert.Equal(new PauseForPerson(), decision.Action);
        Assert.Equal("CanaryMismatch", decision.Reason.Code);
    }

    [Fact]
    public void Progress_StableAppMissing_PausesForAPerson()
    {
        Assert.Equal("StableMissing", Decide(Placed, null, Canary(1), T0).Reason.Code);
    }

    [Fact]
    public void Progress_CanaryDeletedMidGrowth_RestoresStable()
    {
        var decision = Decide(Placed with { StepIndex = 3, StableTarget = 6 }, StableApp(6), null, T0.AddMinutes(1));

        Assert.Equal(new RollBack(Stable, 9, false, null), decision.Action);
        Assert.Equal("CanaryMissing", decision.Status.AbortReason!.Code);
    }

    [Fact]
    public void Progress_ZoneReportedNothing_InconclusiveThenPausedAfterTheLimit()
    {
        var silentC = CanaryApp(Placed, 3, new Dictionary<Zone, ZoneTasks> { [A] = Tasks(1), [B] = Tasks(1) });
        var stable = App(StableId, 9, Stable, new Dictionary<Zone, ZoneTasks> { [A] = Tasks(3), [B] = Tasks(3) });

        var first = Decide(Placed, stable, silentC, T0.AddSeconds(30));
        var later = Decide(first.Status, stable, silentC, T0.AddSeconds(30) + Timing.Interval * 3 + TimeSpan.FromSeconds(1));

        Assert.Equal(T0.AddSeconds(30), first.Status.InconclusiveSince);
        Assert.IsType<Wait>(first.Action);
        Assert.Equal(new PauseForPerson(), later.Action);
        Assert.Equal("Inconclusive", later.Reason.Code);
    }

    [Fact]
    public void Progress_ReleaseFailureWhilePausedForAPerson_StillRollsBack()
    {
        var paused = Placed with { Phase = CanaryPhase.Paused, StepIndex = 1, Pause = new CanaryPause(PauseKind.Step, CanaryReasons.PausedByStep(null)) };
        var crashing = CanaryApp(Placed, 3, Each(Tasks(0, 1, streak: 5)));

        var decision = Decide(paused, StableApp(), crashing, T0.AddMinutes(1));

        Assert.IsType<RollBack>(decision.Action);
    }

    private static readonly CanaryPolicy TimedPause =
        Policy(new PlaceStep(), new PauseStep("approve", TimeSpan.FromMinutes(30), PauseTimeoutAction.Rollback), new PromoteStep());

    [Fact]
    public void Pause_StepWithATimeout_PausesAndSaysWhenItRollsBack()
    {
        var atPause = Begun(TimedPause) with { CanaryPerZone = 1, StepIndex = 1, StepStartedAt = T0 };

        var decision = Decide(atPause, StableApp(), Canary(1, status: atPause), T0.AddSeconds(5), TimedPause);

        Assert.Equal(new PauseForPerson(), decision.Action);
        Assert.Contains($"it rolls back at {T0.AddMinutes(30):yyyy-MM-dd HH:mm:ss} UTC", decision.Reason.Message);
    }

    [Fact]
    public void Pause_TimeoutNotYetPassed_StaysPaused()
    {
        var paused = Begun(TimedPause) with { CanaryPerZone = 1, StepIndex = 1, StepStartedAt = T0, Phase = CanaryPhase.Paused, Pause = new CanaryPause(PauseKind.Step, CanaryReasons.PausedByStep("approve")) };

        var decision = Decide(paused, StableApp(), Canary(1, status: paused), T0.AddMinutes(29), TimedPause);

        Assert.Equal(new PauseForPerson(), decision.Action);
    }

    [Fact]
    public void Pause_TimeoutPassedWithRollback_RollsBackAndIsNoVerdictOnTheRelease()
    {
        var paused = Begun(TimedPause) with { CanaryPerZone = 1, StepIndex = 1, StepStartedAt = T0, Phase = CanaryPhase.Paused, Pause = new CanaryPause(PauseKind.Step, CanaryReasons.PausedByStep("approve")) };

        var decision = Decide(paused, StableApp(), Canary(1, status: paused), T0.AddMinutes(30), TimedPause);

        Assert.IsType<RollBack>(decision.Action);
        Assert.Equal(CanaryReasons.PauseTimedOutCode, decision.Status.AbortReason?.Code);
        Assert.False(CanaryReasons.IsVerdict(decision.Status.AbortReason?.Code));
    }

    [Fact]
    public void Pause_TimeoutPassedWithPromote_GoesOnPastThePause()
    {
        var policy = Policy(new PlaceStep(), new PauseStep(null, TimeSpan.FromMinutes(10), PauseTimeoutAction.Promote), new PromoteStep());
        var paused = Begun(policy) with { CanaryPerZone = 1, StepIndex = 1, StepStartedAt = T0, Phase = CanaryPhase.Paused, Pause = new CanaryPause(PauseKind.Step, CanaryReasons.PausedByStep(null)) };

        var decision = Decide(paused, StableApp(), Canary(1, status: paused), T0.AddMinutes(11), policy);

        Assert.Equal(CanaryPhase.Promoting, decision.Status.Phase);
        Assert.StartsWith("Nobody resumed or rolled back the run within the pause's 10m", decision.Reason.Message);
    }

    [Fact]
    public void Pause_AZoneFailurePause_NeverTimesOut()
    {
        var paused = Begun(TimedPause) with
        {
            CanaryPerZone = 1, StepIndex = 1, StepStartedAt = T0, Phase = CanaryPhase.Paused, PausedZone = A,
            Pause = new CanaryPause(PauseKind.ZoneFailure, CanaryReasons.ZoneFailure(A, "agents lost")),
        };

        var decision = Decide(paused, StableApp(), Canary(1, status: paused), T0.AddHours(5), TimedPause);

        Assert.IsNotType<RollBack>(decision.Action);
    }

    [Fact]
    public void Done_FinishedRun_RepeatsItsOutcome()
    {
        var promoted = Placed with { Phase = CanaryPhase.Promoted };

        var decision = Decide(promoted, StableApp(release: Candidate), null, T0);

        Assert.Equal(new Done(CanaryOutcome.Promoted), decision.Action);
        Assert.Same(promoted, decision.Status);
    }
}

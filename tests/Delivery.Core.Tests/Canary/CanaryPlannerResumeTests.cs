using Delivery.Core.Canary;
using Microsoft.Extensions.Time.Testing;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

/// <summary>
/// A run killed at every pass, in every way a pass can be cut short, is finished or undone by the next run:
/// never an orphaned canary, never stable left scaled down, and the live release always matches the outcome.
/// </summary>
public class CanaryPlannerResumeTests
{
    public enum Kill
    {
        /// <summary>Status written, action never applied.</summary>
        AfterStatusWrite,
        /// <summary>Action applied, status never written (the previous status stays).</summary>
        AfterAction,
        /// <summary>Action applied and the status labels lost or garbled.</summary>
        StatusLost,
    }

    private static readonly CanaryPolicy Plan = new()
    {
        Steps = [new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(1)), new GrowStep(50), new PromoteStep()],
    };

    private static (CanaryRun Run, FakeMarathon Marathon, FakeTimeProvider Time) Start(bool badRelease)
    {
        var time = new FakeTimeProvider(T0);
        var marathon = new FakeMarathon(Zones, Stable, 9, T0 - TimeSpan.FromHours(1));
        if (badRelease) marathon.BadDigests.Add(Candidate.Digest);
        return (new CanaryRun(Plan, marathon, time) { Status = Begun(Plan) }, marathon, time);
    }

    private static int PassesOf(bool badRelease)
    {
        var (run, _, _) = Start(badRelease);
        run.RunToEnd();
        return run.Decisions.Count;
    }

    public static TheoryData<int, Kill, bool> KillPoints()
    {
        var data = new TheoryData<int, Kill, bool>();
        foreach (var bad in new[] { false, true })
            for (var pass = 0; pass < PassesOf(bad); pass++)
                foreach (var kill in Enum.GetValues<Kill>())
                    data.Add(pass, kill, bad);
        return data;
    }

    [Theory]
    [MemberData(nameof(KillPoints))]
    public void Resume_RunKilledAtPass_NextRunFinishesOrUndoesIt(int killedPass, Kill kill, bool badRelease)
    {
        var (run, marathon, time) = Start(badRelease);
        for (var pass = 0; pass < killedPass; pass++) run.Pass();

        var now = time.GetUtcNow();
        var decision = CanaryPlanner.Decide(Plan, run.Status, marathon.Observe(now), now);
        var left = kill switch
        {
            Kill.AfterStatusWrite => CanaryRun.Stored(decision.Status),
            Kill.AfterAction => run.Status,
            _ => CanaryStatus.Unknown,
        };
        if (kill != Kill.AfterStatusWrite) marathon.Apply(decision.Action, now);
        time.Advance(TimeSpan.FromMinutes(1));

        var end = new CanaryRun(Plan, marathon, time) { Status = left }.RunToEnd();

        var outcome = Assert.IsType<CanaryAction.Done>(end.Action).Outcome;
        Assert.False(marathon.HasCanary, "a canary app was left behind");
        Assert.Equal(9, marathon.StableInstances);
        // Idle: the status was lost after the last move (the canary's removal), so nothing is left in flight.
        if (outcome == CanaryOutcome.Idle) Assert.Contains(marathon.StableRelease, new[] { Stable, Candidate });
        else Assert.Equal(outcome == CanaryOutcome.Promoted ? Candidate : Stable, marathon.StableRelease);
        if (badRelease) Assert.NotEqual(CanaryOutcome.Promoted, outcome);
        else if (kill != Kill.StatusLost) Assert.Equal(CanaryOutcome.Promoted, outcome);
    }

    [Fact]
    public void Resume_CanaryOrphanedWithoutStatusAndStableScaledDown_RestoresStableThenRemovesCanary()
    {
        var status = Begun(Plan) with { CanaryPerZone = 2, StableTarget = 5 };
        var observed = new ObservedState(Zones, StableApp(instances: 5), CanaryApp(status, 6, Each(Tasks(2))));

        var decision = CanaryPlanner.Decide(Plan, CanaryStatus.Unknown, observed, T0);

        Assert.Equal(new CanaryAction.RollBack(Stable, 9, RestoreImage: false, CanaryId), decision.Action);
        Assert.Equal("OrphanedCanary", decision.Status.AbortReason!.Code);
        Assert.Equal(CanaryPhase.RollingBack, decision.Status.Phase);
    }

    [Fact]
    public void Resume_PromotionDoneButCanaryLeftWithoutStatus_FinishesThePromotion()
    {
        var status = Begun(Plan) with { CanaryPerZone = 1 };
        var observed = new ObservedState(Zones, StableApp(release: Candidate), CanaryApp(status, 3, Each(Tasks(1))));

        var decision = CanaryPlanner.Decide(Plan, CanaryStatus.Unknown, observed, T0);

        Assert.Equal(new CanaryAction.FinishPromotion(CanaryId), decision.Action);
        Assert.Equal(CanaryPhase.Finalising, decision.Status.Phase);
    }

    [Fact]
    public void Resume_PromotionHalfDoneWithoutStatus_RollsStableBackToTheOldDigest()
    {
        var status = Begun(Plan) with { CanaryPerZone = 1 };
        var observed = new ObservedState(Zones, StableApp(release: Candidate, deploying: true, healthyPerZone: 1),
            CanaryApp(status, 3, Each(Tasks(1))));

        var decision = CanaryPlanner.Decide(Plan, CanaryStatus.Unknown, observed, T0);

        Assert.Equal(new CanaryAction.RollBack(Stable, 9, RestoreImage: true, CanaryId), decision.Action);
    }

    [Fact]
    public void Resume_CanaryAppWithoutDeliveryLabels_PausesForAPerson()
    {
        var stranger = App(CanaryId, 3, Candidate, Each(Tasks(1)));

        var decision = CanaryPlanner.Decide(Plan, CanaryStatus.Unknown, new ObservedState(Zones, StableApp(), stranger), T0);

        Assert.IsType<CanaryAction.PauseForPerson>(decision.Action);
        Assert.Equal("UnknownCanary", decision.Reason.Code);
    }

    [Fact]
    public void Resume_NoStatusAndNoCanary_NothingInFlight()
    {
        var decision = CanaryPlanner.Decide(Plan, CanaryStatus.Unknown, new ObservedState(Zones, StableApp(), null), T0);

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Idle), decision.Action);
        Assert.Equal(CanaryPhase.Idle, decision.Status.Phase);
    }

    public static TheoryData<int> HappyPasses()
    {
        var data = new TheoryData<int>();
        for (var pass = 0; pass < PassesOf(badRelease: false); pass++) data.Add(pass);
        return data;
    }

    // Waiting, pausing and being done are not moves; a move is repeated if the same change is asked for again.
    private static bool SameMove(CanaryAction first, CanaryAction next) => (first, next) switch
    {
        (CanaryAction.Wait or CanaryAction.Done or CanaryAction.PauseForPerson, _) => false,
        (CanaryAction.PlaceCanary a, CanaryAction.PlaceCanary b) => a.Instances == b.Instances,
        _ => first == next,
    };

    /// <summary>The same inputs give the same decision; a pass right after the action has taken effect asks for nothing new.</summary>
    [Theory]
    [MemberData(nameof(HappyPasses))]
    public void Decide_AnyPassOfARun_IsIdempotent(int pass)
    {
        var (run, marathon, time) = Start(badRelease: false);
        for (var i = 0; i < pass; i++) run.Pass();
        var now = time.GetUtcNow();
        var observed = marathon.Observe(now);

        var first = CanaryPlanner.Decide(Plan, run.Status, observed, now);
        var second = CanaryPlanner.Decide(Plan, run.Status, observed, now);
        marathon.Apply(first.Action, now);
        var after = CanaryPlanner.Decide(Plan, CanaryRun.Stored(first.Status), marathon.Observe(now), now);

        Assert.Equal(first.Action.GetType(), second.Action.GetType());
        Assert.Equal(first.Reason, second.Reason);
        Assert.Equal(CanaryStatusLabels.Encode(first.Status), CanaryStatusLabels.Encode(second.Status));
        Assert.False(SameMove(first.Action, after.Action), $"after {first} the next pass asked for it again");
        if (first.Action is CanaryAction.Wait or CanaryAction.Done) Assert.Equal(first.Action, after.Action);
    }
}

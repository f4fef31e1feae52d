using Delivery.Core.Canary;
using Delivery.Core.Values;
using Microsoft.Extensions.Time.Testing;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

/// <summary>The first release and the restore as phases of the planner, and the rollback plan that starts a restore.</summary>
public sealed class RestorePlanningTests
{
    private static readonly CanaryPolicy Plan = new()
    {
        Steps = [new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(1)), new GrowStep(50), new PromoteStep()],
    };

    private static CanaryStatus Restoring(HistoryEntry target, DateTimeOffset at) => new()
    {
        Phase = CanaryPhase.Restoring, RunId = "rollback-1", StepStartedAt = at, Stable = Candidate, StableSize = 9, StableTarget = 9, Target = target,
    };

    private static StableFacts Facts(Release live, ReleaseHistory history, string? restoredBy = null) =>
        new(live, live.Digest, live.Image, history, 9, restoredBy);

    [Fact]
    public void Launch_NoStableApp_StartsItThenWaitsThenPromoted()
    {
        var time = new FakeTimeProvider(T0);
        var marathon = new FakeMarathon(Zones, null, 0, T0);
        var status = new CanaryStatus { Phase = CanaryPhase.Launching, RunId = "run-1", StepStartedAt = T0, Canary = Candidate, StableSize = 9, StableTarget = 9 };

        var end = new CanaryRun(Plan, marathon, time) { Status = status }.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Promoted), end.Action);
        Assert.Equal(Candidate, marathon.StableRelease);
        Assert.Equal(9, marathon.StableInstances);
    }

    /// <summary>A restore killed at every pass (status written but not acted on, or acted on but not written) converges to the same target.</summary>
    [Theory]
    [InlineData(0, false)] [InlineData(0, true)] [InlineData(1, false)] [InlineData(1, true)] [InlineData(2, false)] [InlineData(2, true)] [InlineData(4, true)]
    public void Restore_KilledAtAPass_NextRunRestoresTheSameTarget(int killedPass, bool actedButNotWritten)
    {
        var time = new FakeTimeProvider(T0);
        var marathon = new FakeMarathon(Zones, Candidate, 9, T0 - TimeSpan.FromHours(1));
        var run = new CanaryRun(Plan, marathon, time) { Status = Restoring(HistoryEntry.Of(Stable), T0) };
        for (var pass = 0; pass < killedPass; pass++) run.Pass();
        var now = time.GetUtcNow();
        var decision = CanaryPlanner.Decide(Plan, run.Status, marathon.Observe(now), now);
        var left = actedButNotWritten ? run.Status : CanaryRun.Stored(decision.Status);
        if (actedButNotWritten) marathon.Apply(decision.Action, now);
        time.Advance(TimeSpan.FromSeconds(30));

        var end = new CanaryRun(Plan, marathon, time) { Status = left }.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Restored), end.Action);
        Assert.Equal(Stable, marathon.StableRelease);
        Assert.Equal(9, marathon.StableInstances);
    }

    [Fact]
    public void Restore_WithACanaryInFlight_RemovesItFirstThenRestores()
    {
        var time = new FakeTimeProvider(T0);
        var marathon = new FakeMarathon(Zones, Stable, 9, T0 - TimeSpan.FromHours(1));
        var canaryRun = new CanaryRun(Plan, marathon, time) { Status = Begun(Plan) };
        for (var i = 0; i < 12; i++) canaryRun.Pass();
        Assert.True(marathon.HasCanary);
        var restore = Restoring(HistoryEntry.Of(Older), time.GetUtcNow()) with { Stable = Stable, Canary = Candidate };

        var run = new CanaryRun(Plan, marathon, time) { Status = restore };
        var first = run.Pass();
        var end = run.RunToEnd();

        Assert.IsType<CanaryAction.RollBack>(first.Action);
        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Restored), end.Action);
        Assert.False(marathon.HasCanary);
        Assert.Equal(Older, marathon.StableRelease);
    }

    [Fact]
    public void Plan_AfterAPromotion_RestoresTheNewestGoodRelease()
    {
        var history = ReleaseHistory.Empty.AfterPromotion(Older, "v1").AfterPromotion(Stable, "v2");

        var plan = Assert.IsType<RollbackPlan.Act>(RollbackPlanner.Decide(CanaryStatus.Idle, Facts(Candidate, history), false, null, null, "rb-1", "oncall", T0));

        Assert.Equal(CanaryPhase.Restoring, plan.Intent.Phase);
        Assert.Equal(HistoryEntry.Of(Stable, version: "v2"), plan.Intent.Target);
        Assert.Equal(Candidate, plan.Intent.Stable);
    }

    [Fact]
    public void Plan_RestoreAlreadyDone_IsNothingEvenWithTheStatusLost()
    {
        var history = ReleaseHistory.Empty.AfterPromotion(Older, "v1");
        var done = Restoring(HistoryEntry.Of(Stable), T0) with { Phase = CanaryPhase.Restored };

        Assert.IsType<RollbackPlan.Nothing>(RollbackPlanner.Decide(done, Facts(Stable, history), false, null, null, "rb-2", "oncall", T0));
        Assert.IsType<RollbackPlan.Nothing>(RollbackPlanner.Decide(CanaryStatus.Unknown, Facts(Stable, history, restoredBy: "rb-1"), false, null, null, "rb-2", "oncall", T0));
        Assert.IsType<RollbackPlan.Act>(RollbackPlanner.Decide(done, Facts(Stable, history), false, Older.Commit.Value[..8], null, "rb-2", "oncall", T0));
    }

    [Fact]
    public void Plan_KilledRestore_IsFinishedToTheSameTarget()
    {
        var killed = Restoring(HistoryEntry.Of(Older), T0);

        var plan = Assert.IsType<RollbackPlan.Act>(RollbackPlanner.Decide(killed, Facts(Candidate, ReleaseHistory.Empty.AfterPromotion(Stable)), false, null, null, "rb-2", "oncall", T0.AddMinutes(1)));

        Assert.Equal(HistoryEntry.Of(Older), plan.Intent.Target);
        Assert.Equal("rb-2", plan.Intent.RunId);
    }

    [Fact]
    public void Plan_CanaryInFlight_AbortsIt_AndWithToRestoresAfter()
    {
        var inFlight = Begun(Plan) with { CanaryPerZone = 1 };
        var history = ReleaseHistory.Empty.AfterPromotion(Older, "v1");

        var abort = Assert.IsType<RollbackPlan.Act>(RollbackPlanner.Decide(inFlight, Facts(Stable, history), true, null, null, "rb", "oncall", T0));
        var to = Assert.IsType<RollbackPlan.Act>(RollbackPlanner.Decide(inFlight, Facts(Stable, history), true, Older.Commit.Value[..8], null, "rb", "oncall", T0));

        Assert.Equal(CanaryPhase.RollingBack, abort.Intent.Phase);
        Assert.Equal((CanaryPhase.Restoring, 9), (to.Intent.Phase, to.Intent.StableSize));
        Assert.Equal(Older.Digest, to.Intent.Target!.Digest);
    }

    [Fact]
    public void Plan_UndoAfterADeploy_OnlyThatDeploysRun()
    {
        var inFlight = Begun(Plan) with { CanaryPerZone = 1 };
        var facts = Facts(Stable, ReleaseHistory.Empty.AfterPromotion(Older));

        Assert.IsType<RollbackPlan.Act>(RollbackPlanner.Decide(inFlight, facts, true, null, ["run-1"], "rb", "oncall", T0));
        Assert.IsType<RollbackPlan.Nothing>(RollbackPlanner.Decide(inFlight, facts, true, null, ["another-run"], "rb", "oncall", T0));
        Assert.IsType<RollbackPlan.Nothing>(RollbackPlanner.Decide(CanaryStatus.Idle, facts, false, null, ["run-1"], "rb", "oncall", T0));
    }

    [Fact]
    public void Status_RestoreFields_SurviveTheLabels()
    {
        var status = Restoring(HistoryEntry.Of(Stable, version: "2026-11-26T12:00:00.000Z"), T0) with { Epoch = 7 };
        Assert.Equal(status, CanaryRun.Stored(status));
    }
}

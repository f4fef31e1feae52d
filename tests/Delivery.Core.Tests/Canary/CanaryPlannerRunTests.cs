using Delivery.Core.Canary;
using Microsoft.Extensions.Time.Testing;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

/// <summary>Whole runs against the in-memory Marathon, minutes of canary stepped through in milliseconds.</summary>
public class CanaryPlannerRunTests
{
    private static readonly CanaryPolicy Plan = new()
    {
        Steps = [new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(2)), new GrowStep(50), new WaitStep(TimeSpan.FromMinutes(1)), new PromoteStep()],
    };

    private static (CanaryRun Run, FakeMarathon Marathon, FakeTimeProvider Time) Start(CanaryPolicy? policy = null, Action<FakeMarathon>? setUp = null)
    {
        var time = new FakeTimeProvider(T0);
        var marathon = new FakeMarathon(Zones, Stable, 9, T0 - TimeSpan.FromHours(1));
        setUp?.Invoke(marathon);
        var run = new CanaryRun(policy ?? Plan, marathon, time) { Status = Begun(policy ?? Plan) };
        return (run, marathon, time);
    }

    [Fact]
    public void Run_HealthyRelease_PromotesAndRemovesCanary()
    {
        var minimum = 9;
        var time = new FakeTimeProvider(T0);
        var marathon = new FakeMarathon(Zones, Stable, 9, T0 - TimeSpan.FromHours(1));
        var run = new CanaryRun(Plan, marathon, time)
        {
            Status = Begun(Plan),
            Check = (seen, status) =>
            {
                if (status.Phase == CanaryPhase.Progressing)
                    Assert.True(seen.Stable!.Healthy + (seen.Canary?.Healthy ?? 0) >= minimum, "healthy capacity fell below the minimum");
            },
        };

        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Promoted), end.Action);
        Assert.Equal(Candidate, marathon.StableRelease);
        Assert.Equal(9, marathon.StableInstances);
        Assert.False(marathon.HasCanary);
        Assert.Contains(run.Decisions, d => d.Action is CanaryAction.Grow { CanaryInstances: 6 });
        Assert.Contains(run.Decisions, d => d.Action is CanaryAction.Grow { StableInstances: 5 });
    }

    [Fact]
    public void Run_CanaryNeverHealthy_RolledBackWithinOneIntervalAfterGrace()
    {
        var (run, marathon, _) = Start(setUp: m => m.BadDigests.Add(Candidate.Digest));

        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.RolledBack), end.Action);
        var rollback = run.Decisions.First(d => d.Action is CanaryAction.RollBack);
        var placedAt = run.Decisions.FindIndex(d => d.Action is CanaryAction.PlaceCanary);
        var detectedAfter = (run.Decisions.IndexOf(rollback) - placedAt) * CanaryRun.PassInterval;
        Assert.True(detectedAfter <= Timing.GracePeriod + Timing.Interval + CanaryRun.PassInterval, $"detected after {detectedAfter}");
        Assert.Equal("ReleaseFailure", rollback.Status.AbortReason!.Code);
        Assert.Equal(Stable, marathon.StableRelease);
        Assert.Equal(9, marathon.StableInstances);
        Assert.False(marathon.HasCanary);
    }

    [Fact]
    public void Run_CanaryCrashLooping_RolledBackOnTheFailureOverTheLimit()
    {
        var (run, marathon, _) = Start(setUp: m => m.CrashingDigests.Add(Candidate.Digest));

        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.RolledBack), end.Action);
        var rollback = run.Decisions.First(d => d.Action is CanaryAction.RollBack);
        // Limit 2: the third failure (15 s after placement, 5 s apart) is seen on the next pass.
        Assert.Equal(2, run.Decisions.IndexOf(rollback));
        Assert.Contains("crash loop", rollback.Status.AbortReason!.Message);
        Assert.False(marathon.HasCanary);
    }

    [Fact]
    public void Run_RollbackRequestedMidGrowth_StableRestoredCanaryRemoved()
    {
        var (run, marathon, time) = Start();
        for (var pass = 0; pass < 100 && run.Status.StepIndex < 2; pass++) run.Pass();
        run.Pass();
        run.Pass();
        Assert.True(marathon.StableInstances < 9, "stable should be scaled down mid-growth");

        run.Status = run.Status.Abort(CanaryReasons.RollingBack("requested by alice"), time.GetUtcNow());
        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.RolledBack), end.Action);
        Assert.Equal((Stable, 9, false), (marathon.StableRelease, marathon.StableInstances, marathon.HasCanary));
        Assert.Contains("requested by alice", end.Reason.Message);
    }

    [Fact]
    public void Run_ZoneBrokenForBothUnderPause_PausesOnThatZoneWithoutRollingBack()
    {
        var (run, marathon, _) = Start(setUp: m => m.BrokenZones.Add(B));

        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.PauseZoneFailure(B), end.Action);
        Assert.Equal(CanaryPhase.Paused, run.Status.Phase);
        Assert.DoesNotContain(run.Decisions, d => d.Action is CanaryAction.RollBack);
        Assert.True(marathon.HasCanary);
    }

    [Fact]
    public void Run_ZoneBrokenForBothUnderContinue_PromotesOnTheOtherZones()
    {
        var policy = Plan with { OnZoneFailure = ZoneFailurePolicy.ContinueWithoutZone, MinimumHealthyCapacity = 0.6 };
        var (run, marathon, _) = Start(policy, m => m.BrokenZones.Add(B));

        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Promoted), end.Action);
        Assert.Contains(run.Decisions, d => d.Reason.Code == "ZoneExcluded");
        Assert.Equal([B], run.Decisions.Last(d => d.Status.Phase == CanaryPhase.Progressing).Status.ExcludedZones);
        Assert.All(run.Decisions.SelectMany(d => d.Verdicts).Where(v => v.Outcome == Delivery.Core.Gates.ZoneOutcome.Passed), v => Assert.NotEqual(B, v.Zone));
        Assert.Equal(Candidate, marathon.StableRelease);
    }

    [Fact]
    public void Run_PauseStep_WaitsForAPersonThenResumes()
    {
        var policy = Plan with { Steps = [new PlaceStep(), new PauseStep("check the dashboards"), new PromoteStep()] };
        var (run, _, time) = Start(policy);

        var paused = run.RunToEnd();
        Assert.IsType<CanaryAction.PauseForPerson>(paused.Action);
        Assert.Equal("PausedByPipeline", paused.Reason.Code);
        Assert.IsType<CanaryAction.PauseForPerson>(run.Pass().Action); // a pass while paused changes nothing

        run.Status = run.Status.Resume(time.GetUtcNow());
        Assert.Equal(new CanaryAction.Done(CanaryOutcome.Promoted), run.RunToEnd().Action);
    }

    [Fact]
    public void Run_PromotionNeverHealthy_RolledBackToTheOldDigestAfterTheDeadline()
    {
        var policy = Plan with { Steps = [new PlaceStep(), new PromoteStep()], PromotionDeadline = TimeSpan.FromMinutes(2) };
        var (run, marathon, _) = Start(policy);

        // The canary passes, then the release fails once it runs at full size.
        for (var pass = 0; pass < 200 && run.Status.Phase != CanaryPhase.Promoting; pass++) run.Pass();
        marathon.BadDigests.Add(Candidate.Digest);

        var end = run.RunToEnd();

        Assert.Equal(new CanaryAction.Done(CanaryOutcome.RolledBack), end.Action);
        Assert.Equal("PromotionDeadlineExceeded", run.Status.AbortReason!.Code);
        Assert.Contains(run.Decisions, d => d.Action is CanaryAction.RollBack { RestoreImage: true });
        Assert.Equal(Stable, marathon.StableRelease);
        Assert.False(marathon.HasCanary);
    }
}

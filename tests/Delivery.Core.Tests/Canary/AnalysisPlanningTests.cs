using Delivery.Core.Analysis;
using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Core.Hooks;
using Delivery.Core.Values;
using static Delivery.Core.Canary.CanaryAction;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

/// <summary>How the planner uses the metric analysis and the hooks: when the analysis starts, what stops a run, what promotion waits for.</summary>
public sealed class AnalysisPlanningTests
{
    private static readonly ErrorRateCheck Errors =
        new("error-rate", new PromSelector("requests", []), new PromSelector("failed", [])) { Limit = 0.05, MaxIncrease = 0.02 };

    private static readonly AnalysisPolicy Analysis = new()
    {
        Interval = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromMinutes(3), MinimumRequests = 100, Checks = [Errors],
    };

    private static readonly HookSpec Smoke = new("smoke", HookPhase.PreRollout, ["smoke.sh"], null, TimeSpan.FromSeconds(30));
    private static readonly HookSpec Gate = new("approve", HookPhase.ConfirmPromotion, null, new Uri("http://127.0.0.1:9/ok"), TimeSpan.FromSeconds(30));

    private static readonly CanaryPolicy Plan = Policy(new PlaceStep(), new WaitStep(TimeSpan.FromSeconds(30)), new PromoteStep()) with
    {
        Analysis = Analysis, Limits = new GateLimits(MaxConsecutiveErrors: 2, MaxInconclusive: 3),
    };

    private static readonly CanaryStatus Placed = Begun(Plan) with { CanaryPerZone = 1 };
    private static readonly CanaryStatus Analysing = Placed with { StepIndex = 1, AnalysisStartedAt = T0, StepStartedAt = T0 };

    private static CanaryDecision Decide(CanaryStatus status, DateTimeOffset now, CanaryPolicy? policy = null,
        IReadOnlyList<MetricReading>? metrics = null, IReadOnlyDictionary<HookPhase, IReadOnlyList<HookResult>>? hooks = null) =>
        CanaryPlanner.Decide(policy ?? Plan, status, new ObservedState(Zones, StableApp(), CanaryApp(status, 3, Each(Tasks(1))), metrics, hooks), now);

    /// <summary>One read of the error-rate check: the same counts in every zone.</summary>
    private static MetricReading Read(DateTimeOffset at, (double n, double x) canaryWindow, (double n, double x) canaryTotal,
        (double n, double x) stableWindow, (double n, double x) stableTotal) =>
        new("error-rate", at, Analysis.Interval, at - T0, ["q"], Zones.ToDictionary(z => z, _ => new ZoneReading(
            new TrackReading(new CountSample(canaryWindow.n, canaryWindow.x), new CountSample(canaryTotal.n, canaryTotal.x)),
            new TrackReading(new CountSample(stableWindow.n, stableWindow.x), new CountSample(stableTotal.n, stableTotal.x)))));

    private static MetricReading Good(DateTimeOffset at) => Read(at, (60, 0), (600, 0), (120, 0), (1200, 0));

    [Fact]
    public void Place_HealthyEverywhere_StartsTheAnalysisAndGoesOn()
    {
        var decision = Decide(Placed, T0.AddSeconds(40));

        Assert.Equal(T0.AddSeconds(40), decision.Status.AnalysisStartedAt);
        Assert.StartsWith("Canaries healthy in every zone: the metric analysis starts", decision.Reason.Message);
        Assert.IsType<Wait>(decision.Action);
    }

    [Fact]
    public void Place_WithASmokeTest_RunsItBeforeTheAnalysis_AndGoesOnOnceItPassed()
    {
        var policy = Plan with { Hooks = [Smoke] };

        var first = Decide(Placed, T0.AddSeconds(40), policy);
        Assert.Equal(new RunHooks(HookPhase.PreRollout), first.Action);
        Assert.Null(first.Status.AnalysisStartedAt);

        var passed = new Dictionary<HookPhase, IReadOnlyList<HookResult>>
        {
            [HookPhase.PreRollout] = [new HookResult("smoke", HookPhase.PreRollout, true, 0, TimeSpan.FromSeconds(1), "passed", "")],
        };
        var next = Decide(first.Status, T0.AddSeconds(41), policy, hooks: passed);
        Assert.True(next.Status.SmokeTested);
        Assert.Equal(T0.AddSeconds(41), next.Status.AnalysisStartedAt);
    }

    [Fact]
    public void Place_SmokeTestFails_RollsBackBeforeAnyWeightMoves()
    {
        var failed = new Dictionary<HookPhase, IReadOnlyList<HookResult>>
        {
            [HookPhase.PreRollout] = [new HookResult("smoke", HookPhase.PreRollout, false, 1, TimeSpan.FromSeconds(1), "pre-rollout hook 'smoke' exited with 1", "no /health")],
        };

        var decision = Decide(Placed, T0.AddSeconds(40), Plan with { Hooks = [Smoke] }, hooks: failed);

        Assert.IsType<RollBack>(decision.Action);
        Assert.Equal("SmokeTestFailed", decision.Status.AbortReason!.Code);
        Assert.Contains("exited with 1", decision.Status.AbortReason.Message);
    }

    [Fact]
    public void Analysis_HardLimitBroken_RollsBackNamingTheCheckAndZone()
    {
        var decision = Decide(Analysing, T0.AddSeconds(10), metrics: [Read(T0.AddSeconds(10), (51, 15), (51, 15), (100, 0), (100, 0))]);

        Assert.IsType<RollBack>(decision.Action);
        Assert.Equal("MetricFailed", decision.Status.AbortReason!.Code);
        Assert.StartsWith("Metric error-rate failed: error-rate in us-east-1a: the canary failed 15 of 51 requests", decision.Status.AbortReason.Message);
        Assert.Equal(3, decision.Metrics.Count(m => m.Phase == GatePhase.Failed));
    }

    [Fact]
    public void Promote_AnalysisNotPassedYet_WaitsForTheVerdict()
    {
        var atPromote = Analysing with { StepIndex = 2 };
        var now = T0.AddSeconds(40);

        var decision = Decide(atPromote, now, metrics: [Read(now, (30, 0), (50, 0), (60, 0), (100, 0))]);

        Assert.Equal(new Wait(WaitFor.Metrics, now.AddSeconds(10)), decision.Action);
        Assert.Equal("AwaitingAnalysis", decision.Reason.Code);
        Assert.Contains("needs 100 requests per track", decision.Reason.Message);
    }

    [Fact]
    public void Promote_NothingReadYet_Waits()
    {
        var decision = Decide(Analysing with { StepIndex = 2 }, T0.AddSeconds(5));

        Assert.Equal(WaitFor.Metrics, Assert.IsType<Wait>(decision.Action).What);
        Assert.Contains("no metrics read yet", decision.Reason.Message);
    }

    [Fact]
    public void Promote_EveryZonePassed_Promotes()
    {
        var now = T0.AddSeconds(90);

        var decision = Decide(Analysing with { StepIndex = 2 }, now, metrics: [Good(now)]);

        Assert.IsType<Promote>(decision.Action);
        Assert.All(decision.Metrics, m => Assert.Equal(GatePhase.Passed, m.Phase));
    }

    [Fact]
    public void Promote_ConfirmationGate_RunsThenPausesOnRefusal_AndAPersonsResumeApproves()
    {
        var policy = Plan with { Hooks = [Gate] };
        var now = T0.AddSeconds(90);
        var atPromote = Analysing with { StepIndex = 2 };

        Assert.Equal(new RunHooks(HookPhase.ConfirmPromotion), Decide(atPromote, now, policy, [Good(now)]).Action);

        var refused = new Dictionary<HookPhase, IReadOnlyList<HookResult>>
        {
            [HookPhase.ConfirmPromotion] = [new HookResult("approve", HookPhase.ConfirmPromotion, false, 403, TimeSpan.Zero, "confirm-promotion hook 'approve' answered 403", "")],
        };
        var paused = Decide(atPromote, now, policy, [Good(now)], refused);
        Assert.Equal(new PauseForPerson(), paused.Action);
        Assert.Equal(CanaryReasons.PromotionRefusedCode, paused.Status.PauseReason!.Code);
        Assert.Equal(PauseKind.PromotionRefused, paused.Status.Pause!.Kind);

        var resumed = paused.Status.Resume(now.AddMinutes(1));
        Assert.True(resumed.ApprovedByPerson);
        Assert.IsType<Promote>(Decide(resumed, now.AddMinutes(1), policy, [Good(now.AddMinutes(1))]).Action);
    }

    [Fact]
    public void Analysis_OutOfTimeWithoutTraffic_PausesNamingTheZone_NeverPromotes()
    {
        var now = T0.AddMinutes(3);

        var decision = Decide(Analysing with { StepIndex = 2 }, now, metrics: [Read(now, (0, 0), (3, 0), (60, 0), (1200, 0))]);

        Assert.Equal(new PauseForPerson(), decision.Action);
        Assert.Equal(CanaryReasons.AnalysisInconclusiveCode, decision.Status.PauseReason!.Code);
        Assert.Equal(PauseKind.AnalysisInconclusive, decision.Status.Pause!.Kind);
        Assert.Contains("canary in us-east-1a received 3 requests in 3m", decision.Reason.Message);
    }

    [Fact]
    public void Analysis_OutOfTimeUnderRollbackPolicy_RollsBack()
    {
        var policy = Plan with { Analysis = Analysis with { OnInconclusive = AnalysisFallback.RollBack } };
        var now = T0.AddMinutes(3);

        var decision = Decide(Analysing, now, policy, [Read(now, (0, 0), (3, 0), (60, 0), (1200, 0))]);

        Assert.IsType<RollBack>(decision.Action);
        Assert.Equal(CanaryReasons.AnalysisInconclusiveCode, decision.Status.AbortReason!.Code);
    }

    [Fact]
    public void Analysis_PrometheusDown_ToleratedForItsLimitThenRollsBack_AndNeverPromotes()
    {
        var status = Analysing with { StepIndex = 2 };
        CanaryDecision decision = null!;
        for (var second = 10; second <= 40; second += 10)
        {
            var now = T0.AddSeconds(second);
            decision = Decide(status, now, metrics: [MetricReading.Failed("error-rate", now, ["q"], "connection refused")]);
            Assert.IsNotType<Promote>(decision.Action);
            if (decision.Action is not Wait) break;
            status = decision.Status;
        }

        Assert.IsType<RollBack>(decision.Action);
        Assert.Equal("TooManyGateErrors", decision.Status.AbortReason!.Code);
        Assert.Contains("connection refused", decision.Status.AbortReason.Message);
    }

    [Fact]
    public void Analysis_PrometheusDownUnderPausePolicy_Pauses()
    {
        var policy = Plan with { Analysis = Analysis with { OnErrors = AnalysisFallback.Pause } };
        var status = Analysing with { ErrorsSince = T0 };

        var decision = Decide(status, T0.AddSeconds(30), policy, [MetricReading.Failed("error-rate", T0.AddSeconds(30), ["q"], "down")]);

        Assert.Equal(new PauseForPerson(), decision.Action);
        Assert.Equal("MetricsUnreadable", decision.Status.PauseReason!.Code);
    }

    [Fact]
    public void Analysis_ZoneDownForBothTracks_IsAZoneFailureNotAMetricFailure()
    {
        var status = Analysing;
        var stable = App(StableId, 9, Stable, new Dictionary<Zone, ZoneTasks> { [A] = Tasks(3), [B] = Tasks(3), [C] = Tasks(0, failures: [T0.AddSeconds(5), T0.AddSeconds(6), T0.AddSeconds(7)]) });
        var canary = CanaryApp(status, 3, new Dictionary<Zone, ZoneTasks> { [A] = Tasks(1), [B] = Tasks(1), [C] = Tasks(0, failures: [T0.AddSeconds(5), T0.AddSeconds(6), T0.AddSeconds(7)]) });
        var now = T0.AddSeconds(10);
        var reading = Read(now, (51, 15), (51, 15), (100, 30), (100, 30));

        var decision = CanaryPlanner.Decide(Plan, status, new ObservedState(Zones, stable, canary, [reading]), now);

        Assert.Equal(new PauseZoneFailure(C), decision.Action);
    }

    [Fact]
    public void Status_AnalysisFields_SurviveTheLabels()
    {
        var status = Analysing with { SmokeTested = true, PromotionConfirmed = true, ApprovedByPerson = true };

        var decoded = CanaryStatusLabels.Decode(CanaryStatusLabels.Encode(status), "lobby");

        Assert.Equal(status, decoded);
    }
}

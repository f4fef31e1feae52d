using Delivery.Core.Canary;
using Delivery.Core.Gates;
using static Delivery.Core.Canary.CanaryAction;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Gates;

/// <summary>How the planner treats metric measurements: Failed rolls back, Error and Inconclusive have limits of their own.</summary>
public class MetricGatePlanningTests
{
    private static readonly MetricCheck ErrorRate = new("error-rate", "sum(rate(http_errors[1m]))", 0.01);
    private static readonly CanaryPolicy Plan = Policy(new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(10)), new PromoteStep())
        with { Metrics = [ErrorRate], Limits = new GateLimits(MaxConsecutiveErrors: 2, MaxInconclusive: 3) };

    /// <summary>Runs passes 10 s apart with the gate's answers fed in as the orchestrator would, until a stop or the end of the script.</summary>
    private static async Task<List<CanaryDecision>> Passes(IMetricGate gate, int count)
    {
        var status = Begun(Plan) with { StepIndex = 1, CanaryPerZone = 1 };
        var decisions = new List<CanaryDecision>();
        for (var pass = 0; pass < count; pass++)
        {
            var now = T0.AddSeconds(10 * pass);
            var metrics = await gate.MeasureAsync(ErrorRate, Zones, now, CancellationToken.None);
            var observed = new ObservedState(Zones, StableApp(), CanaryApp(status, 3, Each(Tasks(1))), metrics);
            var decision = CanaryPlanner.Decide(Plan, status, observed, now);
            decisions.Add(decision);
            status = decision.Status;
            if (decision.Action is not Wait) break;
        }
        return decisions;
    }

    [Fact]
    public async Task Metrics_FailedMeasurement_RollsBackAtOnce()
    {
        var decisions = await Passes(new ScriptedMetricGate(GatePhase.Passed, GatePhase.Failed), 5);

        Assert.Equal(2, decisions.Count);
        Assert.IsType<RollBack>(decisions[^1].Action);
        Assert.Equal("MetricFailed", decisions[^1].Status.AbortReason!.Code);
    }

    [Fact]
    public async Task Metrics_ErrorsWithinTheLimit_ToleratedAndForgottenOnSuccess()
    {
        var decisions = await Passes(new ScriptedMetricGate(GatePhase.Error, GatePhase.Error, GatePhase.Passed, GatePhase.Passed), 4);

        Assert.All(decisions, d => Assert.IsType<Wait>(d.Action));
        Assert.Equal(T0, decisions[1].Status.ErrorsSince);
        Assert.Null(decisions[^1].Status.ErrorsSince);
    }

    [Fact]
    public async Task Metrics_ErrorsBeyondTheLimit_RollBack()
    {
        var decisions = await Passes(new ScriptedMetricGate(GatePhase.Error), 10);

        Assert.IsType<RollBack>(decisions[^1].Action);
        Assert.Equal("TooManyGateErrors", decisions[^1].Status.AbortReason!.Code);
        Assert.Equal(4, decisions.Count); // 2 intervals of 10 s tolerated, the pass after them stops
    }

    [Fact]
    public async Task Metrics_InconclusiveBeyondTheLimit_PausesForAPerson()
    {
        var decisions = await Passes(new ScriptedMetricGate(GatePhase.Inconclusive), 10);

        Assert.Equal(new PauseForPerson(), decisions[^1].Action);
        Assert.Equal("Inconclusive", decisions[^1].Reason.Code);
        Assert.Equal(5, decisions.Count);
    }
}

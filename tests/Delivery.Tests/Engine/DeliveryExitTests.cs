using Delivery.Core;
using Delivery.Engine;

namespace Delivery.Tests.Engine;

/// <summary>How a run's end becomes the process exit code, and which of several runs' codes wins.</summary>
public sealed class DeliveryExitTests
{
    private static RunReport Report(RunOutcome outcome) => new() { RunId = "r", Kind = "Deploy", Pipeline = "lobby", Environment = "local", Outcome = outcome };

    private static bool Live(RunReport report) => report.Live;

    [Theory]
    [InlineData(RunOutcome.Promoted, DeliveryExit.Live)]
    [InlineData(RunOutcome.AlreadyLive, DeliveryExit.Live)]
    [InlineData(RunOutcome.RolledBack, DeliveryExit.RolledBack)]
    [InlineData(RunOutcome.Paused, DeliveryExit.Paused)]
    [InlineData(RunOutcome.Failed, DeliveryExit.Failed)]
    public void Of_ADeployThatEndedByADecision_ExitsByItsOutcome(RunOutcome outcome, DeliveryExit exit) =>
        Assert.Equal(exit, DeliveryExits.Of(Report(outcome), null, Live));

    [Fact]
    public void Of_ARollbackThatRestored_IsLive() =>
        Assert.Equal(DeliveryExit.Live, DeliveryExits.Of(Report(RunOutcome.RolledBack), null, r => r.Outcome is RunOutcome.RolledBack or RunOutcome.AlreadyLive));

    [Fact]
    public void Of_ErrorsByKind_LockTimeoutRefusalOrFailure()
    {
        var failed = Report(RunOutcome.Failed);
        Assert.Equal(DeliveryExit.LockTimeout, DeliveryExits.Of(failed, new RunFailedException(failed, new LeaseTimeoutException("held")), Live));
        Assert.Equal(DeliveryExit.BadInput, DeliveryExits.Of(failed, new RunFailedException(failed, new RequestRefusedException("rolled back before")), Live));
        Assert.Equal(DeliveryExit.Failed, DeliveryExits.Of(failed, new RunFailedException(failed, new DeliveryException("registry down")), Live));
    }

    [Fact]
    public void Worst_OfSeveralPipelines_AFailureThenATimeoutThenARefusalThenAPauseThenARollback()
    {
        Assert.Equal(DeliveryExit.Failed, DeliveryExits.Worst([DeliveryExit.RolledBack, DeliveryExit.Failed, DeliveryExit.Paused]));
        Assert.Equal(DeliveryExit.LockTimeout, DeliveryExits.Worst([DeliveryExit.BadInput, DeliveryExit.LockTimeout]));
        Assert.Equal(DeliveryExit.Paused, DeliveryExits.Worst([DeliveryExit.Live, DeliveryExit.RolledBack, DeliveryExit.Paused]));
        Assert.Equal(DeliveryExit.RolledBack, DeliveryExits.Worst([DeliveryExit.Live, DeliveryExit.RolledBack]));
        Assert.Equal(DeliveryExit.Live, DeliveryExits.Worst([]));
    }

    [Fact]
    public void StatusConditions_ReadFromTheView()
    {
        var zones = new[] { new ZoneStatusView("us-east-1a", 2, 2, 1, 1), new ZoneStatusView("us-east-1b", 1, 2, 0, 1) };
        var view = new PipelineStatusView("lobby", "local", "lobby@abc", "img", 4, "lobby@def", 2, zones, "Paused", "lobby@def at step 2/4", null, null, null, [], null);

        Assert.True(view.Is(StatusCondition.InFlight));
        Assert.True(view.Is(StatusCondition.Paused));
        Assert.True(view.Is(StatusCondition.Unhealthy));
        var healthy = view with { Zones = [new ZoneStatusView("us-east-1a", 2, 2, 0, 0), new ZoneStatusView("us-east-1b", 2, 2, 0, 0)], CanaryRelease = null, Phase = "Promoted", InFlight = null };
        Assert.False(healthy.Is(StatusCondition.InFlight));
        Assert.False(healthy.Is(StatusCondition.Paused));
        Assert.False(healthy.Is(StatusCondition.Unhealthy));
    }
}

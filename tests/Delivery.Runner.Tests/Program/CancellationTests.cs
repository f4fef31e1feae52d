using Delivery.Runner.Tests.Support;

namespace Delivery.Runner.Tests.Program;

public sealed class CancellationTests : IDisposable
{
    readonly BuildRun _run = new();
    readonly CancelBuild _build = new();

    [Fact]
    public void Run_CtrlCDuringTarget_AbortsRunsAssuredPrintsSummaryFails()
    {
        _run.Run(_build, ["Promote", "--no-logo"], ["Promote"]);

        Assert.Equal(1, _run.ExitCode);
        Assert.Equal(["Rollback"], _build.Ran);
        Assert.False(_build.RollbackSawCancelledToken);
        Golden.Verify("summary-cancelled.txt", _run.Output);
    }

    public void Dispose() => _run.Dispose();
}

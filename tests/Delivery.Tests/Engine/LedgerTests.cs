using Delivery.Core.Canary;
using Delivery.Engine;

namespace Delivery.Tests.Engine;

/// <summary>The ledger's write rules: what a repeated pass skips, and what a run under a new epoch must write.</summary>
public sealed class LedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UnchangedFor_AStatusInFlightWrittenUnderAnOlderEpoch_IsWrittenAgainUnderTheNewOne()
    {
        var world = new EngineWorld();
        var inFlight = new CanaryStatus { Phase = CanaryPhase.Progressing, RunId = "run-1", StepStartedAt = Now, StableSize = 6, StableTarget = 6 };
        await new Ledger(world.Marathon, world.Target, () => 1).WriteAsync(LedgerState.Empty, inFlight, CancellationToken.None);

        var sameEpoch = new Ledger(world.Marathon, world.Target, () => 1);
        var newEpoch = new Ledger(world.Marathon, world.Target, () => 2);
        var read = await sameEpoch.ReadAsync(CancellationToken.None);

        Assert.True(sameEpoch.UnchangedFor(read, inFlight));
        Assert.False(newEpoch.UnchangedFor(read, inFlight));
    }

    [Fact]
    public async Task UnchangedFor_ADoneStatus_IsNotWrittenAgainByARunThatOnlyReadsIt()
    {
        var world = new EngineWorld();
        var done = CanaryStatus.Idle;
        await new Ledger(world.Marathon, world.Target, () => 1).WriteAsync(LedgerState.Empty, done, CancellationToken.None);

        var later = new Ledger(world.Marathon, world.Target, () => 7);

        Assert.True(later.UnchangedFor(await later.ReadAsync(CancellationToken.None), done));
    }

    [Fact]
    public async Task StatusOf_AWriteOfAnOlderEpochLandingLate_IsStaleAgainstThisRunsOwn()
    {
        var world = new EngineWorld();
        var mine = new Ledger(world.Marathon, world.Target, () => 2);
        var rollingBack = new CanaryStatus { Phase = CanaryPhase.RollingBack, RunId = "rollback", StepStartedAt = Now, StableSize = 6, StableTarget = 6 };
        await mine.WriteAsync(LedgerState.Empty, rollingBack, CancellationToken.None);
        // The pre-empted deploy's last PUT arrives after: Marathon keeps it, the run holding epoch 2 does not believe it.
        var stale = new CanaryStatus { Phase = CanaryPhase.Promoting, RunId = "deploy", StepStartedAt = Now, StableSize = 6, StableTarget = 6 };
        await new Ledger(world.Marathon, world.Target, () => 1).WriteAsync(await mine.ReadAsync(CancellationToken.None), stale, CancellationToken.None);

        var status = mine.StatusOf(await mine.ReadAsync(CancellationToken.None));

        Assert.Equal((CanaryPhase.RollingBack, 2L), (status.Phase, status.Epoch));
    }
}

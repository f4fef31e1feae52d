using Delivery.Core.Canary;
using Delivery.Core.Leases;

namespace Delivery.Core.Tests.Canary;

public sealed class LeaseRulesTests
{
    private static LeaseRecord Held(long epoch, LeaseIntent intent = LeaseIntent.Deploy, string run = "other", bool released = false) =>
        new(epoch, "bob@ci/pid-7", run, intent, released, "v1");

    [Fact]
    public void NoLeaseEver_TakesEpochOne() =>
        Assert.Equal(new LeaseMove.Take(1, null, "nobody held it before"), LeaseRules.Decide(null, TimeSpan.Zero, "mine", LeaseIntent.Deploy, false));

    [Fact]
    public void OwnNewestEpoch_IsHeld() =>
        Assert.IsType<LeaseMove.Hold>(LeaseRules.Decide(Held(4, run: "mine"), TimeSpan.Zero, "mine", LeaseIntent.Deploy, false));

    [Fact]
    public void Released_TakesTheNextEpochAtOnce()
    {
        var move = Assert.IsType<LeaseMove.Take>(LeaseRules.Decide(Held(4, released: true), TimeSpan.Zero, "mine", LeaseIntent.Deploy, false));
        Assert.Equal(5, move.Epoch);
    }

    [Theory]
    [InlineData(LeaseIntent.Deploy, LeaseIntent.Deploy, false)]
    [InlineData(LeaseIntent.Rollback, LeaseIntent.Deploy, true)]  // a rollback pre-empts a deploy
    [InlineData(LeaseIntent.Deploy, LeaseIntent.Rollback, false)] // never the reverse
    [InlineData(LeaseIntent.Rollback, LeaseIntent.Rollback, false)]
    public void HeldFreshly_OnlyARollbackTakesItFromADeploy(LeaseIntent mine, LeaseIntent theirs, bool takes)
    {
        var move = LeaseRules.Decide(Held(4, theirs), TimeSpan.FromSeconds(1), "mine", mine, false);
        Assert.Equal(takes, move is LeaseMove.Take { Epoch: 5 });
    }

    [Fact]
    public void NotRenewedForTheDurationOnThisReadersClock_IsTakenOver()
    {
        Assert.IsType<LeaseMove.Wait>(LeaseRules.Decide(Held(4, LeaseIntent.Rollback), LeaseRules.Duration - TimeSpan.FromSeconds(1), "mine", LeaseIntent.Deploy, false));
        Assert.IsType<LeaseMove.Take>(LeaseRules.Decide(Held(4, LeaseIntent.Rollback), LeaseRules.Duration, "mine", LeaseIntent.Deploy, false));
    }

    [Fact]
    public void Wait_SaysHowLongUntilExpiry()
    {
        var wait = Assert.IsType<LeaseMove.Wait>(LeaseRules.Decide(Held(4), TimeSpan.FromSeconds(10), "mine", LeaseIntent.Deploy, false));
        Assert.Equal(LeaseRules.Duration - TimeSpan.FromSeconds(10), wait.Left);
    }

    [Fact]
    public void HolderGoneOnThisMachine_IsTakenOverAtOnce() =>
        Assert.IsType<LeaseMove.Take>(LeaseRules.Decide(Held(4, LeaseIntent.Rollback), TimeSpan.Zero, "mine", LeaseIntent.Deploy, holderGone: true));

    [Fact]
    public void LeaseApps_IdAndLabels_RoundTrip()
    {
        var id = LeaseApps.AppId("/games/lobby", 12);
        Assert.Equal("/games/lobby-lease-00000012", id);
        var labels = LeaseApps.Labels("lobby", "alice@laptop/pid-1", "run-9", LeaseIntent.Rollback, released: false, renewal: 3);
        Assert.Equal(new LeaseRecord(12, "alice@laptop/pid-1", "run-9", LeaseIntent.Rollback, false, "v"), LeaseApps.Read("/games/lobby", id, labels, "v"));
        Assert.Null(LeaseApps.Read("/games/lobby", "/games/lobby-canary", labels, "v"));
        Assert.Null(LeaseApps.Read("/e2e/lobby", id, labels, "v"));
        Assert.Equal("delivery.lease==lobby", LeaseApps.Selector("lobby"));
    }
}

using Delivery.Core.Canary;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

public class DeploymentLeaseTests
{
    private static readonly Lease Theirs = new("ci/runner-7", "run-7", LeaseIntent.Deploy, T0.AddMinutes(2));

    [Fact]
    public void Decide_NoLease_WritesOneForThisRun()
    {
        var decision = DeploymentLease.Decide(null, "ci/runner-1", "run-1", LeaseIntent.Deploy, T0);

        var write = Assert.IsType<LeaseDecision.Write>(decision);
        Assert.Equal(new Lease("ci/runner-1", "run-1", LeaseIntent.Deploy, T0 + DeploymentLease.Length), write.Lease);
        Assert.False(write.PreEmpts);
    }

    [Fact]
    public void Decide_AnotherDeployHolds_BlockedNamingTheHolderUntilExpiry()
    {
        var decision = DeploymentLease.Decide(Theirs, "ci/runner-1", "run-1", LeaseIntent.Deploy, T0);

        Assert.Equal(new LeaseDecision.Blocked(Theirs, Theirs.Expires), decision);
    }

    [Fact]
    public void Decide_HolderLeaseExpired_Taken()
    {
        var decision = DeploymentLease.Decide(Theirs, "ci/runner-1", "run-1", LeaseIntent.Deploy, Theirs.Expires);

        Assert.Equal("run-1", Assert.IsType<LeaseDecision.Write>(decision).Lease.RunId);
    }

    [Fact]
    public void Decide_RollbackWhileDeployHolds_PreEmpts()
    {
        var decision = DeploymentLease.Decide(Theirs, "alice@laptop", "run-9", LeaseIntent.Rollback, T0);

        var write = Assert.IsType<LeaseDecision.Write>(decision);
        Assert.True(write.PreEmpts);
        Assert.Equal(LeaseIntent.Rollback, write.Lease.Intent);
    }

    [Fact]
    public void Decide_DeployWhileRollbackHolds_Blocked()
    {
        var rollback = Theirs with { Intent = LeaseIntent.Rollback };

        Assert.IsType<LeaseDecision.Blocked>(DeploymentLease.Decide(rollback, "ci/runner-1", "run-1", LeaseIntent.Deploy, T0));
        Assert.IsType<LeaseDecision.Blocked>(DeploymentLease.Decide(rollback, "bob", "run-2", LeaseIntent.Rollback, T0));
    }

    // Lease 3 minutes, renewed once a third (1 minute) is used.
    [Theory]
    [InlineData(30, false)]
    [InlineData(59, false)]
    [InlineData(60, true)]
    [InlineData(170, true)]
    public void Decide_OwnLease_RenewedOnceAThirdIsUsed(int secondsSinceWritten, bool renews)
    {
        var mine = new Lease("ci/runner-1", "run-1", LeaseIntent.Deploy, T0 + DeploymentLease.Length);

        var decision = DeploymentLease.Decide(mine, "ci/runner-1", "run-1", LeaseIntent.Deploy, T0.AddSeconds(secondsSinceWritten));

        Assert.Equal(renews, decision is LeaseDecision.Write);
        if (!renews) Assert.Equal(new LeaseDecision.Held(mine), decision);
    }

    [Fact]
    public void Decide_Renewal_KeepsThePreEmptingIntent()
    {
        var mine = new Lease("alice", "run-9", LeaseIntent.Rollback, T0.AddMinutes(1));

        var write = Assert.IsType<LeaseDecision.Write>(DeploymentLease.Decide(mine, "alice", "run-9", LeaseIntent.Deploy, T0.AddSeconds(30)));

        Assert.Equal(LeaseIntent.Rollback, write.Lease.Intent);
    }

    /// <summary>
    /// The race Marathon cannot prevent: A and B both read "free", both write. Whoever confirms sees the last write's
    /// version; the one overwritten backs off. Run both orders.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Confirm_TwoWritersRace_ExactlyOneHolds(bool aWritesFirst)
    {
        var a = Assert.IsType<LeaseDecision.Write>(DeploymentLease.Decide(null, "A", "run-a", LeaseIntent.Deploy, T0)).Lease;
        var b = Assert.IsType<LeaseDecision.Write>(DeploymentLease.Decide(null, "B", "run-b", LeaseIntent.Deploy, T0.AddSeconds(1))).Lease;
        var (first, second) = aWritesFirst ? (a, b) : (b, a);
        const string firstVersion = "v1", secondVersion = "v2";
        // Both writes land within the write gap; both confirm after the settle delay and read the last write.
        var (seen, seenVersion) = (LeaseLabels.Decode(LeaseLabels.Encode(second)), secondVersion);

        var firstHolds = DeploymentLease.Confirm(first, firstVersion, seen, seenVersion);
        var secondHolds = DeploymentLease.Confirm(second, secondVersion, seen, seenVersion);

        Assert.False(firstHolds);
        Assert.True(secondHolds);
        Assert.True(DeploymentLease.SettleDelay > DeploymentLease.MaxWriteGap);
    }

    [Fact]
    public void Confirm_SameLabelsRewrittenLater_LostBecauseVersionMoved()
    {
        var mine = new Lease("A", "run-a", LeaseIntent.Deploy, T0.AddMinutes(3));

        Assert.False(DeploymentLease.Confirm(mine, "v1", mine, "v2"));
        Assert.True(DeploymentLease.Confirm(mine, "v1", LeaseLabels.Decode(LeaseLabels.Encode(mine)), "v1"));
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void MayWrite_ReadTooLongAgo_ReadAgainFirst(int secondsSinceRead, bool allowed)
    {
        Assert.Equal(allowed, DeploymentLease.MayWrite(T0, T0.AddSeconds(secondsSinceRead)));
    }

    [Fact]
    public void StillHeld_PreEmptedOrExpired_False()
    {
        var mine = new Lease("A", "run-a", LeaseIntent.Deploy, T0.AddMinutes(3));

        Assert.True(DeploymentLease.StillHeld(mine, "run-a", T0));
        Assert.False(DeploymentLease.StillHeld(mine with { RunId = "run-9", Intent = LeaseIntent.Rollback }, "run-a", T0));
        Assert.False(DeploymentLease.StillHeld(mine, "run-a", T0.AddMinutes(3)));
        Assert.False(DeploymentLease.StillHeld(null, "run-a", T0));
    }

    [Theory]
    [InlineData("delivery.lock.expires", "soon")]
    [InlineData("delivery.lock.intent", "Takeover")]
    [InlineData("delivery.lock.run", "")]
    public void Decode_GarbledLease_ReadsAsNone(string key, string value)
    {
        var labels = new Dictionary<string, string>(LeaseLabels.Encode(Theirs)) { [key] = value };

        Assert.Null(LeaseLabels.Decode(labels));
        Assert.Equal(Theirs, LeaseLabels.Decode(LeaseLabels.Encode(Theirs)));
    }
}

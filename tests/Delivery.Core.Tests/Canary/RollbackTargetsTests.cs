using Delivery.Core.Canary;
using Delivery.Core.Values;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Canary;

public class RollbackTargetsTests
{
    private static readonly Delivery.Core.Values.Release Dirty = MakeRelease('e', '5', dirty: true);
    private static readonly Delivery.Core.Values.Release Bad = MakeRelease('f', '6');

    // Newest first: the bad release (rolled back), a dirty experiment, then two good ones.
    private static readonly ReleaseHistory History = new(new ValueList<HistoryEntry>(
    [
        HistoryEntry.Of(Bad, rolledBack: true), HistoryEntry.Of(Dirty), HistoryEntry.Of(Stable), HistoryEntry.Of(Older),
    ]));

    [Fact]
    public void Choose_NoOverride_NewestGoodReleaseSkippingRolledBackAndDirty()
    {
        var choice = RollbackTargets.Choose(History, Candidate.Digest);

        Assert.Equal(HistoryEntry.Of(Stable), choice.Target);
    }

    [Fact]
    public void Choose_NewestGoodIsLive_TheOneBefore()
    {
        var choice = RollbackTargets.Choose(History, Stable.Digest);

        Assert.Equal(HistoryEntry.Of(Older), choice.Target);
    }

    [Theory]
    [InlineData("ccccccc")]
    [InlineData("CCCCCCCCCC")]
    [InlineData("sha256:3333333333333333333333333333333333333333333333333333333333333333")]
    public void Choose_ToByCommitPrefixOrDigest_ThatRelease(string to)
    {
        var choice = RollbackTargets.Choose(History, Candidate.Digest, to);

        Assert.Equal(HistoryEntry.Of(Older), choice.Target);
        Assert.Null(choice.Problem);
    }

    [Theory]
    [InlineData("ffffffff", "was rolled back")]
    [InlineData("eeeeeeee", "uncommitted changes")]
    [InlineData("aaaaaaa", "already live")]
    [InlineData("abc", "matches none")]
    [InlineData("9999999", "matches none")]
    public void Choose_ToAReleaseThatMustNotBeRestored_Refused(string to, string problem)
    {
        var choice = RollbackTargets.Choose(History, Stable.Digest, to);

        Assert.Null(choice.Target);
        Assert.Contains(problem, choice.Problem);
    }

    [Fact]
    public void Choose_NothingEligible_SaysWhy()
    {
        var choice = RollbackTargets.Choose(ReleaseHistory.Empty, Stable.Digest);

        Assert.Null(choice.Target);
        Assert.Contains("No earlier good release", choice.Problem);
    }

    [Fact]
    public void History_RoundTripsThroughItsLabel()
    {
        Assert.Equal(History, ReleaseHistory.Parse(History.Encode()));
        Assert.StartsWith("!" + new string('f', 40) + "@sha256:", History.Encode());
    }

    [Fact]
    public void History_GarbledEntries_SkippedNotFatal()
    {
        var text = "junk," + HistoryEntry.Of(Stable) + ",@sha256:12,!" + new string('z', 40) + "@sha256:" + new string('1', 64);

        Assert.Equal([HistoryEntry.Of(Stable)], ReleaseHistory.Parse(text).Entries);
    }

    [Fact]
    public void History_AfterPromotions_NewestFirstAndBounded()
    {
        var history = ReleaseHistory.Empty;
        var releases = Enumerable.Range(1, 60).Select(i => new Release("lobby", new CommitId(i.ToString("x40")),
            ImageReference.Parse($"127.0.0.1:5000/games/lobby@sha256:{i:x64}"))).ToList();
        foreach (var release in releases) history = history.AfterPromotion(release, $"2026-11-26T12:{release.Commit.Value[^2..]}:00.000Z");

        Assert.Equal(ReleaseHistory.MaxEntries, history.Entries.Count);
        Assert.Equal(HistoryEntry.Of(releases[^1], version: "2026-11-26T12:3c:00.000Z"), history.Entries[0]);
        Assert.Equal(history, ReleaseHistory.Parse(history.Encode()));
        Assert.True(history.Encode().Length < 7_000);
    }

    [Fact]
    public void History_AfterRollback_BadMarkedAndTargetRemoved()
    {
        var history = new ReleaseHistory(new ValueList<HistoryEntry>([HistoryEntry.Of(Stable), HistoryEntry.Of(Older)]));

        var after = history.AfterRollback(Candidate, Stable.Digest);

        Assert.Equal([HistoryEntry.Of(Candidate, rolledBack: true), HistoryEntry.Of(Older)], after.Entries);
        Assert.Equal(HistoryEntry.Of(Older), RollbackTargets.Choose(after, Stable.Digest).Target);
    }
}

using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>A release the stable app ran, as remembered in its labels: commit, digest, and how it ended.</summary>
/// <param name="RolledBack">It was live and was rolled back: never chosen again as a rollback target.</param>
public sealed record HistoryEntry(CommitId Commit, Digest Digest, bool Dirty = false, bool RolledBack = false)
{
    public static HistoryEntry Of(Release release, bool rolledBack = false) => new(release.Commit, release.Digest, release.Dirty, rolledBack);

    public Release ToRelease(string pipeline, ImageReference image) => new(pipeline, Commit, image.Pinned(Digest), Dirty);

    public override string ToString() => $"{(RolledBack ? "!" : "")}{Release.TagFor(Commit, Dirty)}@{Digest}";
}

/// <summary>
/// The releases the stable app ran before its current one, newest first, kept in its <c>delivery.history</c> label
/// as <c>[!]commit[-dirty]@sha256:…</c> entries joined by commas (at most <see cref="MaxEntries"/>, about 600
/// characters). It is rewritten only together with a new image (promotion, rollback), because every label change
/// restarts the app's tasks in Marathon. Garbled entries are skipped, not fatal: a rollback must work even then.
/// </summary>
public sealed record ReleaseHistory(ValueList<HistoryEntry> Entries)
{
    public const string Label = "delivery.history";
    public const int MaxEntries = 5;

    public static ReleaseHistory Empty { get; } = new(ValueList<HistoryEntry>.Empty);

    public static ReleaseHistory Parse(string? text)
    {
        var entries = new List<HistoryEntry>();
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (TryParseEntry(item) is { } entry) entries.Add(entry);
        return new ReleaseHistory(new ValueList<HistoryEntry>(entries.Take(MaxEntries)));
    }

    public static ReleaseHistory FromLabels(IReadOnlyDictionary<string, string> labels) =>
        Parse(labels.TryGetValue(Label, out var text) ? text : null);

    public string Encode() => string.Join(',', Entries);

    /// <summary>After <paramref name="replaced"/> made way for a promoted release: it ran as stable, so it goes first.</summary>
    public ReleaseHistory AfterPromotion(Release replaced) => Push(HistoryEntry.Of(replaced), replaced.Digest);

    /// <summary>
    /// After rolling back from <paramref name="bad"/> to <paramref name="target"/>: the bad release is remembered as
    /// rolled back (so it is never chosen again) and the target, now live, leaves the list.
    /// </summary>
    public ReleaseHistory AfterRollback(Release bad, Digest target) =>
        new ReleaseHistory(new ValueList<HistoryEntry>(Entries.Where(e => e.Digest != target))).Push(HistoryEntry.Of(bad, rolledBack: true), bad.Digest);

    private ReleaseHistory Push(HistoryEntry entry, Digest digest) =>
        new(new ValueList<HistoryEntry>(Entries.Where(e => e.Digest != digest).Prepend(entry).Take(MaxEntries)));

    private static HistoryEntry? TryParseEntry(string text)
    {
        var rolledBack = text.StartsWith('!');
        var at = text.IndexOf('@');
        if (at < 0) return null;
        var tag = text[(rolledBack ? 1 : 0)..at];
        var dirty = tag.EndsWith("-dirty", StringComparison.Ordinal);
        var commit = dirty ? tag[..^6] : tag;
        if (commit.Length != 40 || !commit.All(Uri.IsHexDigit) || !Digest.TryParse(text[(at + 1)..], out var digest)) return null;
        return new HistoryEntry(new CommitId(commit), digest, dirty, rolledBack);
    }
}

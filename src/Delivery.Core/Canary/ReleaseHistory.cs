using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>A release the stable app ran, as remembered in its labels: commit, digest, how it ended, and its definition.</summary>
/// <param name="RolledBack">It was live and was rolled back: never chosen again as a rollback target, nor deployed again unforced.</param>
/// <param name="Version">
/// The stable app's Marathon <c>version</c> while this release was live: the whole app definition it ran with
/// (environment, health checks, resources), which a rollback restores from Marathon's versions store. Null for entries
/// written before versions were recorded; those restore the image into today's template.
/// </param>
public sealed record HistoryEntry(CommitId Commit, Digest Digest, bool Dirty = false, bool RolledBack = false, string? Version = null)
{
    public static HistoryEntry Of(Release release, bool rolledBack = false, string? version = null) =>
        new(release.Commit, release.Digest, release.Dirty, rolledBack, version);

    public Release ToRelease(string pipeline, ImageReference image) => new(pipeline, Commit, image.Pinned(Digest), Dirty);

    public override string ToString() => $"{(RolledBack ? "!" : "")}{Release.TagFor(Commit, Dirty)}@{Digest}{(Version is null ? "" : "@" + Version)}";
}

/// <summary>
/// The releases the stable app ran before its current one, newest first, kept in its <c>delivery.history</c> label
/// as <c>[!]commit[-dirty]@sha256:…[@version]</c> entries joined by commas (at most <see cref="MaxEntries"/>, as many as
/// Marathon keeps versions of an app by default, about 6 KB). It is rewritten only together with a new image (promotion, rollback), because every label change
/// restarts the app's tasks in Marathon. Garbled entries are skipped, not fatal: a rollback must work even then.
/// </summary>
public sealed record ReleaseHistory(ValueList<HistoryEntry> Entries)
{
    public const string Label = "delivery.history";
    public const int MaxEntries = 50;

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

    /// <summary>After <paramref name="replaced"/> (defined by Marathon version <paramref name="version"/>) made way for a promoted release.</summary>
    public ReleaseHistory AfterPromotion(Release replaced, string? version = null) => Push(HistoryEntry.Of(replaced, version: version), replaced.Digest);

    /// <summary>
    /// After rolling back from <paramref name="bad"/> to <paramref name="target"/>: the bad release is remembered as
    /// rolled back (so it is never chosen again) and the target, now live, leaves the list.
    /// </summary>
    public ReleaseHistory AfterRollback(Release bad, Digest target, string? badVersion = null) =>
        new ReleaseHistory(new ValueList<HistoryEntry>(Entries.Where(e => e.Digest != target))).Push(HistoryEntry.Of(bad, rolledBack: true, version: badVersion), bad.Digest);

    /// <summary>The entry of <paramref name="commit"/>, if this history remembers it.</summary>
    public HistoryEntry? Find(CommitId commit) => Entries.FirstOrDefault(e => e.Commit == commit);

    private ReleaseHistory Push(HistoryEntry entry, Digest digest) =>
        new(new ValueList<HistoryEntry>(Entries.Where(e => e.Digest != digest).Prepend(entry).Take(MaxEntries)));

    internal static HistoryEntry? TryParseEntry(string text)
    {
        var rolledBack = text.StartsWith('!');
        var at = text.IndexOf('@');
        if (at < 0) return null;
        var tag = text[(rolledBack ? 1 : 0)..at];
        var dirty = tag.EndsWith("-dirty", StringComparison.Ordinal);
        var commit = dirty ? tag[..^6] : tag;
        var rest = text[(at + 1)..];
        var versionAt = rest.IndexOf('@');
        var version = versionAt < 0 ? null : rest[(versionAt + 1)..];
        if (versionAt >= 0) rest = rest[..versionAt];
        if (commit.Length != 40 || !commit.All(Uri.IsHexDigit) || !Digest.TryParse(rest, out var digest)) return null;
        if (version is { Length: 0 } || version?.Any(c => c is ',' or ' ') == true) return null;
        return new HistoryEntry(new CommitId(commit), digest, dirty, rolledBack, version);
    }
}

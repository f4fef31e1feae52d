using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>The release a rollback should restore, or why none can be chosen.</summary>
public sealed record RollbackChoice(HistoryEntry? Target, string? Problem)
{
    public static RollbackChoice Of(HistoryEntry target) => new(target, null);
    public static RollbackChoice None(string problem) => new(null, problem);
}

/// <summary>
/// Chooses what <c>Rollback</c> restores after a promotion: the newest release in the stable app's history that is
/// not the current one, was never rolled back and was not baked from a dirty tree; or, with <c>--to</c>, the
/// entry matching a digest (<c>sha256:…</c>) or a commit prefix of at least 7 digits, under the same rules. Argo
/// always returns to the original stable; a "last known good" rule is what an incident needs.
/// </summary>
public static class RollbackTargets
{
    public const int MinimumCommitPrefix = 7;

    public static RollbackChoice Choose(ReleaseHistory history, Digest? current, string? to = null)
    {
        if (string.IsNullOrWhiteSpace(to))
            return history.Entries.FirstOrDefault(e => Eligible(e, current)) is { } newest
                ? RollbackChoice.Of(newest)
                : RollbackChoice.None($"No earlier good release is recorded in the stable app's '{ReleaseHistory.Label}' label (looked at {history.Entries.Count}).");

        var matches = history.Entries.Where(e => Matches(e, to.Trim())).ToList();
        if (matches.Count == 0)
            return RollbackChoice.None($"--to '{to}' matches none of the last {history.Entries.Count} release(s) recorded on the stable app; give a digest or a commit prefix of at least {MinimumCommitPrefix} digits.");
        if (matches.Select(e => e.Digest).Distinct().Count() > 1)
            return RollbackChoice.None($"--to '{to}' matches {matches.Count} releases; give more digits.");
        var match = matches[0];
        if (match.RolledBack) return RollbackChoice.None($"--to '{to}': release {match} was rolled back before and is not restored.");
        if (match.Dirty) return RollbackChoice.None($"--to '{to}': release {match} was baked from uncommitted changes and is not restored.");
        if (match.Digest == current) return RollbackChoice.None($"--to '{to}': release {match} is already live.");
        return RollbackChoice.Of(match);
    }

    private static bool Eligible(HistoryEntry entry, Digest? current) => !entry.RolledBack && !entry.Dirty && entry.Digest != current;

    /// <summary>Whether <paramref name="to"/> (a digest or a commit prefix) names <paramref name="entry"/>.</summary>
    public static bool Matches(HistoryEntry entry, string to) =>
        Digest.TryParse(to, out var digest) ? entry.Digest == digest
            : to.Length >= MinimumCommitPrefix && to.All(Uri.IsHexDigit) && entry.Commit.Value.StartsWith(to.ToLowerInvariant(), StringComparison.Ordinal);
}

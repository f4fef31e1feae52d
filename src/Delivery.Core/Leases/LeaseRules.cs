using Delivery.Core.Canary;

namespace Delivery.Core.Leases;

/// <summary>What a run should do about the lease, given the newest epoch it read.</summary>
public abstract record LeaseMove
{
    /// <summary>Create epoch <paramref name="Epoch"/>; <paramref name="From"/> is the lease it takes over (null for none).</summary>
    public sealed record Take(long Epoch, LeaseRecord? From, string Why) : LeaseMove;

    /// <summary>This run holds the newest epoch.</summary>
    public sealed record Hold(LeaseRecord Mine) : LeaseMove;

    /// <summary>Someone else holds it; it counts as expired after <paramref name="Left"/> more without a renewal seen.</summary>
    public sealed record Wait(LeaseRecord Holder, TimeSpan Left) : LeaseMove;
}

/// <summary>
/// One deployment per pipeline (Kubernetes leader election's rules on Marathon's atomic create):
/// <list type="bullet">
/// <item>Exclusion: an epoch is taken by creating its app, which Marathon does for one contender only.</item>
/// <item>Expiry on the reader's own clock: a lease is expired when this reader has seen its app unchanged (same
/// version) for <see cref="Duration"/> by its own monotonic clock. Clocks of other machines are never compared, so
/// skew does not matter; a new reader waits a whole <see cref="Duration"/> before taking over a silent holder.</item>
/// <item>Renewal: the holder rewrites its app every <see cref="RenewEvery"/> (also during long waits), which changes its version.</item>
/// <item>A rollback is an incident: it takes the next epoch from a deploy at once; a deploy never takes it from a rollback.</item>
/// <item>A holder killed on this machine (its pid is gone) cannot renew: its lease counts as expired at once.</item>
/// </list>
/// </summary>
public static class LeaseRules
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(45);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(15);

    /// <param name="newest">The lease app with the highest epoch, or null when the pipeline never had one.</param>
    /// <param name="unchangedFor">How long this reader has seen <paramref name="newest"/> at its current version.</param>
    /// <param name="holderGone">Its holder is a process of this machine that no longer exists.</param>
    public static LeaseMove Decide(LeaseRecord? newest, TimeSpan unchangedFor, string runId, LeaseIntent intent, bool holderGone)
    {
        if (newest is null) return new LeaseMove.Take(1, null, "nobody held it before");
        if (newest.RunId == runId && !newest.Released) return new LeaseMove.Hold(newest);
        var next = newest.Epoch + 1;
        if (newest.Released) return new LeaseMove.Take(next, newest, "released");
        if (intent == LeaseIntent.Rollback && newest.Intent == LeaseIntent.Deploy) return new LeaseMove.Take(next, newest, "a rollback pre-empts a deploy");
        if (holderGone) return new LeaseMove.Take(next, newest, "its holder's process is gone");
        if (unchangedFor >= Duration) return new LeaseMove.Take(next, newest, $"not renewed for {Duration.TotalSeconds:0}s");
        return new LeaseMove.Wait(newest, Duration - unchangedFor);
    }
}

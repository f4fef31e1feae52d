namespace Delivery.Core.Canary;

/// <summary>What a run should do about the lease.</summary>
public abstract record LeaseDecision
{
    /// <summary>Write <paramref name="Lease"/>, then confirm it with <see cref="DeploymentLease.Confirm"/> after the settle delay.</summary>
    public sealed record Write(Lease Lease, bool PreEmpts) : LeaseDecision;

    /// <summary>This run holds the lease and it is fresh: nothing to write.</summary>
    public sealed record Held(Lease Lease) : LeaseDecision;

    /// <summary>Someone else holds it: wait (and read again) until <paramref name="Until"/>, or fail naming <paramref name="Holder"/>.</summary>
    public sealed record Blocked(Lease Holder, DateTimeOffset Until) : LeaseDecision;
}

/// <summary>
/// One deployment per pipeline, kept in Marathon labels beside the status, as pure functions over label values and
/// time. Marathon has no compare-and-swap, so the protocol is read, write, settle, confirm:
/// <list type="number">
/// <item>Read the labels and the app <c>version</c>; <see cref="Decide"/>.</item>
/// <item>To write, send the PUT at most <see cref="MaxWriteGap"/> after the read (<see cref="MayWrite"/>), else read again.
/// Note the <c>version</c> Marathon answers with.</item>
/// <item>Wait <see cref="SettleDelay"/>, read again, and <see cref="Confirm"/>: the lease must be ours and the version the
/// one our write produced. Marathon changes <c>version</c> on every accepted write, so any later write (a
/// competitor's) is seen even if it wrote the same labels.</item>
/// </list>
/// Why it is safe enough: a competitor that read before our write also writes within <see cref="MaxWriteGap"/> of its
/// read, hence before our confirmation (<see cref="SettleDelay"/> is longer), so we see its version and back off; it sees
/// its own write last and keeps the lease. Two writers can only both win if a PUT takes longer to land than the settle
/// delay after passing <see cref="MayWrite"/> (a stalled network or Marathon leader). Expiry compares clocks of different
/// machines, so skew up to a minute is absorbed by the lease length; a holder paused longer than the lease (a frozen
/// runner) can act once more before it reads the labels again. Every pass re-reads the lease before acting, so a
/// pre-empted deploy stops after at most the one action already in flight, and a rollback's forced PUT wins any
/// Marathon-level race (a non-forced PUT is refused with 409 while another deployment holds the app).
/// </summary>
public static class DeploymentLease
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan MaxWriteGap = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(8);

    /// <summary>Renew once a third of the lease is used, so two missed renewals still leave it held.</summary>
    public static readonly TimeSpan RenewAfter = Length / 3;

    public static LeaseDecision Decide(Lease? current, string holder, string runId, LeaseIntent intent, DateTimeOffset now)
    {
        // Whole seconds, as the label stores them, so the lease read back equals the lease written.
        var fresh = new Lease(holder, runId, intent, DateTimeOffset.FromUnixTimeSeconds((now + Length).ToUnixTimeSeconds()));
        if (current is null || current.ExpiredAt(now)) return new LeaseDecision.Write(fresh, PreEmpts: false);
        if (current.RunId == runId)
            return now >= current.Expires - Length + RenewAfter
                ? new LeaseDecision.Write(fresh with { Intent = current.Intent }, PreEmpts: false)
                : new LeaseDecision.Held(current);
        // A rollback is an incident: it takes the lease from a deploy, whose next pass sees the loss and stops.
        if (intent == LeaseIntent.Rollback && current.Intent == LeaseIntent.Deploy) return new LeaseDecision.Write(fresh, PreEmpts: true);
        return new LeaseDecision.Blocked(current, current.Expires);
    }

    /// <summary>Whether a write decided from a read at <paramref name="readAt"/> may still be sent.</summary>
    public static bool MayWrite(DateTimeOffset readAt, DateTimeOffset now) => now - readAt <= MaxWriteGap;

    /// <summary>After the settle delay: does this run hold the lease it wrote?</summary>
    /// <param name="writtenVersion">The app <c>version</c> Marathon answered our write with.</param>
    /// <param name="observedVersion">The app <c>version</c> read now.</param>
    public static bool Confirm(Lease written, string writtenVersion, Lease? observed, string observedVersion) =>
        observed == written && string.Equals(writtenVersion, observedVersion, StringComparison.Ordinal);

    /// <summary>Before each action of a pass: is the lease still this run's? (It may have been pre-empted or expired.)</summary>
    public static bool StillHeld(Lease? observed, string runId, DateTimeOffset now) =>
        observed is not null && observed.RunId == runId && !observed.ExpiredAt(now);
}

namespace Delivery.Core.Canary;

/// <summary>What a run holds the pipeline's lease for. A rollback may take the lease from a deploy, never the reverse.</summary>
public enum LeaseIntent { Deploy, Rollback }

/// <summary>One deployment per pipeline: who holds it, for which run and purpose, until when.</summary>
/// <param name="Holder">Who, for people: e.g. <c>ci/runner-12</c> or <c>alice@laptop</c>.</param>
public sealed record Lease(string Holder, string RunId, LeaseIntent Intent, DateTimeOffset Expires)
{
    public bool ExpiredAt(DateTimeOffset now) => now >= Expires;

    public override string ToString() => $"{Holder} (run {RunId}, {Intent}, until {Expires:u})";
}

/// <summary>The lease as labels: <c>delivery.lock.*</c>, beside the status (<see cref="CanaryStatusLabels"/>).</summary>
public static class LeaseLabels
{
    public const string Holder = "delivery.lock.holder", Run = "delivery.lock.run", Intent = "delivery.lock.intent",
        Expires = "delivery.lock.expires";

    public static IReadOnlyList<string> Keys { get; } = [Holder, Run, Intent, Expires];

    public static IReadOnlyDictionary<string, string> Encode(Lease lease) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [Holder] = lease.Holder, [Run] = lease.RunId, [Intent] = lease.Intent.ToString(), [Expires] = LabelFormat.Time(lease.Expires),
    };

    /// <summary>
    /// The lease in <paramref name="labels"/>, or null when there is none. A garbled lease also reads as none: it
    /// can only come from a hand edit or a crash mid-write, and a lock nobody can name must not block incidents.
    /// </summary>
    public static Lease? Decode(IReadOnlyDictionary<string, string>? labels)
    {
        string? Get(string key) => labels is not null && labels.TryGetValue(key, out var value) ? value : null;
        if (Get(Holder) is not { Length: > 0 } holder || Get(Run) is not { Length: > 0 } run) return null;
        if (!Enum.TryParse<LeaseIntent>(Get(Intent), ignoreCase: false, out var intent) || !Enum.IsDefined(intent)) return null;
        return LabelFormat.TryTime(Get(Expires), out var expires) ? new Lease(holder, run, intent, expires) : null;
    }
}

using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Faults;

/// <summary>
/// Bounded API faults: a fraction of Marathon API requests answer an error status, arrive late, lose their
/// connection, or take effect and lose their answer. Every rule ends after a count of hits or at a deadline, and all
/// can be cleared at once.
/// </summary>
public sealed class ApiFaults(MarathonState state)
{
    private readonly Lock _gate = new();
    private readonly List<ApiFaultRule> _rules = [];
    private int _held;

    /// <summary>Requests a delay rule is holding right now, each with its timer already on the emulator's clock.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>
    /// Holds a request for the rule's delay on the emulator's clock. The delay is drawn and its timer created before
    /// the request counts as held, so whoever sees <see cref="Held"/> go up can move a fake clock and know the
    /// request wakes by the rule's longest delay.
    /// </summary>
    public async Task HoldAsync(ApiFaultRule rule, CancellationToken cancel)
    {
        var delay = Task.Delay(DrawDelay(rule), state.Time.Provider, cancel);
        Interlocked.Increment(ref _held);
        try { await delay; }
        finally { Interlocked.Decrement(ref _held); }
    }

    /// <summary>Uniform in [Delay, MaxDelay]; drawn from the seeded generator, under the gate that guards it.</summary>
    private TimeSpan DrawDelay(ApiFaultRule rule)
    {
        if (rule.MaxDelay is not { } max || max <= rule.Delay) return rule.Delay;
        lock (_gate) return rule.Delay + (max - rule.Delay) * state.Random.NextDouble();
    }

    public ApiFaultRule Add(ApiFaultRule rule)
    {
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public int Clear()
    {
        lock (_gate)
        {
            var count = _rules.Count;
            _rules.Clear();
            return count;
        }
    }

    public IReadOnlyList<ApiFaultRule> Rules
    {
        get { lock (_gate) { Expire(); return _rules.ToList(); } }
    }

    /// <summary>The fault to apply to this request, if any; consumes one hit of a counted rule.</summary>
    public ApiFaultRule? Pick(string method, string path)
    {
        lock (_gate)
        {
            Expire();
            foreach (var rule in _rules)
            {
                if (rule.PathPrefix is { } prefix && !path.StartsWith(prefix, StringComparison.Ordinal)) continue;
                if (rule.Methods is { Count: > 0 } methods && !methods.Contains(method, StringComparer.OrdinalIgnoreCase)) continue;
                if (state.Random.NextDouble() >= rule.Fraction) continue;
                rule.Hits++;
                return rule;
            }
            return null;
        }
    }

    private void Expire()
    {
        var now = state.Time.Provider.GetUtcNow();
        _rules.RemoveAll(r => (r.MaxHits is { } max && r.Hits >= max) || (r.Until is { } until && now >= until));
    }
}

public static class ApiFaultKinds
{
    public const string Status = "status";
    public const string Delay = "delay";
    public const string Drop = "drop";
    public const string LoseAnswer = "lose-answer";

    public static readonly IReadOnlyList<string> All = [Status, Delay, Drop, LoseAnswer];
}

/// <summary>
/// <see cref="Kind"/>: status (answer <see cref="Status"/> with a Marathon-style body), delay (answer after
/// <see cref="Delay"/>, or a random time up to <see cref="MaxDelay"/>), drop (abort the connection before the request
/// runs), lose-answer (run the request, then abort the connection instead of answering).
/// </summary>
public sealed class ApiFaultRule
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public double Fraction { get; init; } = 1;
    public int Status { get; init; } = 503;
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan? MaxDelay { get; init; }
    public int? MaxHits { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? PathPrefix { get; init; }
    public IReadOnlyList<string>? Methods { get; init; }
    public int Hits { get; set; }
}

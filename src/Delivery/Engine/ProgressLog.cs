namespace Delivery.Engine;

/// <summary>
/// Progress lines for people. Steps are said once; waits are repeated at most once per <see cref="Interval"/> per
/// thing waited on (a zone, an app), so a long wait shows it is alive without flooding a CI log.
/// </summary>
public sealed class ProgressLog(Action<string> write, TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset At, string Line)> _last = new(StringComparer.Ordinal);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    public void Say(string line) => write(line);

    /// <summary>Says <paramref name="line"/> about <paramref name="what"/> unless the same was said less than an interval ago.</summary>
    public void Waiting(string what, string line, DateTimeOffset since)
    {
        var now = time.GetUtcNow();
        lock (_last)
        {
            if (_last.TryGetValue(what, out var last) && now - last.At < Interval) return;
            _last[what] = (now, line);
        }
        write($"{line} [{what}, {Format(now - since)}]");
    }

    private static string Format(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{Math.Max(0, (int)span.TotalSeconds)}s";
}

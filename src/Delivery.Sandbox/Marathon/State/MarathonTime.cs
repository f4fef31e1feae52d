using System.Globalization;

namespace Delivery.Sandbox.Marathon.State;

/// <summary>
/// Marathon prints every timestamp as ISO-8601 UTC with milliseconds, and an app's version string is its id for
/// /versions/{v} and rollback. Two changes in the same millisecond (easy with a fake clock) must still get two
/// versions, so versions are handed out strictly increasing.
/// </summary>
public sealed class MarathonTime(TimeProvider time)
{
    private DateTimeOffset _lastVersion = DateTimeOffset.MinValue;

    public TimeProvider Provider => time;

    public DateTimeOffset Now => Truncate(time.GetUtcNow());

    public string NowText => Format(Now);

    /// <summary>A fresh version timestamp, later than any handed out before. Callers hold the state gate.</summary>
    public string NextVersion()
    {
        var now = Now;
        _lastVersion = now > _lastVersion ? now : _lastVersion.AddMilliseconds(1);
        return Format(_lastVersion);
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

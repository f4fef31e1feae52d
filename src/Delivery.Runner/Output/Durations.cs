using System.Globalization;

namespace Delivery.Runner.Output;

/// <summary>Durations as the summary shows them: <c>&lt; 1sec</c>, else <c>m:ss</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? "< 1sec"
            : string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}:{duration.Seconds:00}");
}

using System.Globalization;
using System.Net;

namespace Delivery.Reports;

/// <summary>
/// How the page writes text, times and sizes. Every string from the report goes through <see cref="H"/>: messages and
/// hook output are written by other programs and may hold markup.
/// </summary>
internal static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string H(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Clock time in UTC, so reports from machines in different zones read alike.</summary>
    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);

    public static string ShortClock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", Invariant);

    /// <summary>"2 h 05 min", "6 min 05 s", "42.5 s": the largest two units a person reads at a glance.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) return "−" + Duration(-span);
        if (span.TotalHours >= 1) return $"{(int)span.TotalHours} h {span.Minutes:00} min";
        if (span.TotalMinutes >= 1) return $"{(int)span.TotalMinutes} min {span.Seconds:00} s";
        return Seconds(span.TotalSeconds);
    }

    public static string Seconds(double seconds) => seconds.ToString(seconds < 10 ? "0.0##" : "0.0", Invariant) + " s";

    /// <summary>"+1:05" after <paramref name="origin"/>: where in the run an event sits.</summary>
    public static string Offset(DateTimeOffset at, DateTimeOffset origin)
    {
        var span = at - origin;
        var sign = span < TimeSpan.Zero ? "−" : "+";
        span = span.Duration();
        return span.TotalHours >= 1 ? $"{sign}{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}" : $"{sign}{span.Minutes}:{span.Seconds:00}";
    }

    /// <summary>Binary units, as registries and <c>docker images</c> count them.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1) (value, unit) = (value / 1024, unit + 1);
        return unit == 0 ? $"{bytes} B" : value.ToString("0.0", Invariant) + " " + units[unit];
    }

    public static string Number(double value) => value.ToString("0.####", Invariant);

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>Commits read as their first 12 characters, as <c>git log --abbrev=12</c> prints them.</summary>
    public static string ShortCommit(string commit) => commit.Length > 12 ? commit[..12] : commit;
}

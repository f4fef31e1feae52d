using System.Globalization;
using Delivery.Core.Canary;

namespace Delivery.Core.Analysis;

/// <summary>How the judge writes numbers for people: shares as %, differences in points, latencies in ms.</summary>
internal static class Text
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double share) => (share * 100).ToString(share * 100 < 10 ? "0.##" : "0.#", Invariant) + "%";

    public static string Percent(double part, double whole) => whole > 0 ? Percent(part / whole) : "-";

    /// <summary>A difference of shares in percentage points: 0.021 → "2.1 points".</summary>
    public static string Points(double share)
    {
        var number = (share * 100).ToString(Math.Abs(share * 100) < 10 ? "0.##" : "0.#", Invariant);
        return number + (number == "1" ? " point" : " points");
    }

    public static string Count(double value) => Math.Round(value).ToString("#,0", Invariant);

    public static string Milliseconds(double? seconds) => seconds switch
    {
        null => "-",
        { } s when double.IsPositiveInfinity(s) => "+Inf",
        { } s => (s * 1000).ToString(s * 1000 < 10 ? "0.#" : "0", Invariant) + " ms",
    };

    public static string Value(double? value) => value is { } v ? v.ToString("0.####", Invariant) : "-";

    public static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{(span.Seconds > 0 ? $"{span.Seconds}s" : "")}" : $"{Math.Max(0, (int)Math.Round(span.TotalSeconds))}s";

    public static string Confidence(double level) => (level * 100).ToString(level >= 0.999 ? "0.##" : "0.#", Invariant) + "%";

    public static string Quantile(double q) => (q * 100).ToString("0.#", Invariant);

    public static string Comparison(Comparison comparison) => comparison switch
    {
        Canary.Comparison.LessThan => "below",
        Canary.Comparison.LessOrEqual => "at most",
        Canary.Comparison.GreaterThan => "above",
        _ => "at least",
    };
}

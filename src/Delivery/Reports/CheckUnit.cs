using System.Globalization;

namespace Delivery.Reports;

/// <summary>
/// How a check's values are shown: a <c>ratio</c> (0.05) as a percentage (5%), <c>seconds</c> (0.25) as milliseconds
/// (250 ms), anything else as it is. The judge keeps raw units; people read rates and latencies in these.
/// </summary>
internal sealed record CheckUnit(double Scale, string Suffix, string AxisLabel)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly CheckUnit Ratio = new(100, "%", "%");
    public static readonly CheckUnit Milliseconds = new(1000, " ms", "ms");
    public static readonly CheckUnit Plain = new(1, "", "value");

    public static CheckUnit Of(string unit) => unit switch
    {
        "ratio" => Ratio,
        "seconds" => Milliseconds,
        _ => Plain,
    };

    public double Show(double raw) => raw * Scale;

    public string Format(double raw) => Tick(Show(raw));

    /// <summary>A value already in display units, with as many decimals as its size needs.</summary>
    public string Tick(double shown) => Trim(shown) + Suffix;

    /// <summary>A share difference (canary − stable) in percentage points, the unit the judge's messages use.</summary>
    public static string Points(double share) => Trim(share * 100) + " pp";

    /// <summary>A configured threshold in words: limits in the check's unit, ratios as ×, increases in points.</summary>
    public string Threshold(string key, double value) => key switch
    {
        "limit" or "threshold" => Format(value),
        "maxRatio" => Trim(value) + "× stable",
        "maxIncrease" => "+" + Points(value),
        "quantile" => "p" + Trim(value * 100),
        _ => Trim(value),
    };

    private static string Trim(double value) => Math.Abs(value) switch
    {
        0 => "0",
        >= 100 => value.ToString("0", Invariant),
        >= 10 => value.ToString("0.#", Invariant),
        >= 1 => value.ToString("0.##", Invariant),
        _ => value.ToString("0.###", Invariant),
    };
}

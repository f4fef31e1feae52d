using Delivery.Engine;

namespace Delivery.Reports;

/// <summary>
/// The evaluations of one check in one zone, in time order, on an axis of seconds since <paramref name="Origin"/> (the
/// analysis start): what the two charts of a card plot.
/// </summary>
/// <param name="Id">Unique in the page; prefixes the ids inside the charts.</param>
internal sealed record ZoneSeries(
    string Id, string Check, string Zone, CheckUnit Unit, IReadOnlyList<EvaluationRecord> Records, DateTimeOffset Origin, DateTimeOffset? DecidedAt)
{
    public double X(DateTimeOffset at) => (at - Origin).TotalSeconds;

    public double? DecidedX => DecidedAt is { } at ? X(at) : null;

    /// <summary>The records that carry every one of <paramref name="keys"/> with a number (not NaN).</summary>
    public IReadOnlyList<EvaluationRecord> With(params string[] keys) =>
        Records.Where(r => keys.All(k => r.Numbers.TryGetValue(k, out var v) && !double.IsNaN(v))).ToList();

    /// <summary>One number over time, multiplied by <paramref name="scale"/> into the unit it is shown in.</summary>
    public (double[] X, double[] Y) Points(string key, double scale)
    {
        var rows = With(key).Where(r => double.IsFinite(r.Numbers[key])).ToList();
        return (rows.Select(r => X(r.At)).ToArray(), rows.Select(r => r.Numbers[key] * scale).ToArray());
    }

    /// <summary>The last value of a number that is fixed by configuration (a limit, a tolerance).</summary>
    public double? Latest(string key) => With(key).Select(r => r.Numbers[key]).Where(double.IsFinite).Select(v => (double?)v).LastOrDefault();
}

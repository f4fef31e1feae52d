using System.Globalization;
using Delivery.Core.Analysis;
using Delivery.Core.Values;
using Delivery.Engine;

namespace Delivery.Prometheus;

/// <summary>
/// The queries of one check and how their answers become per-zone samples. Counters are summed with
/// <c>increase</c> (which copes with task restarts resetting a counter) over the last interval and over the analysis.
/// </summary>
internal sealed record PrometheusQueries(IReadOnlyList<string> Queries, Func<Zone, IReadOnlyList<PromSeries>[], ZoneReading> Read)
{
    public const string Zone = "zone", Track = "track", Canary = "canary", Stable = "stable";

    public static PrometheusQueries For(AnalysisCheck check, DeploymentTarget target, AnalysisContext context, PromMatcher apps, string window, string total) =>
        check switch
        {
            ErrorRateCheck e => Errors(e, apps, window, total),
            LatencyCheck l => Latency(l, apps, window, total),
            QueryCheck q => Query(q, target, context, apps, window),
            _ => throw new ArgumentOutOfRangeException(nameof(check), check, "unknown kind of check"),
        };

    private static PrometheusQueries Errors(ErrorRateCheck check, PromMatcher apps, string window, string total)
    {
        string Increase(PromSelector selector, string range) => $"sum by (zone, track) (increase({selector.With(apps)}[{range}]))";
        var queries = new[] { Increase(check.Requests, window), Increase(check.Failed, window), Increase(check.Requests, total), Increase(check.Failed, total) };
        return new PrometheusQueries(queries, (zone, a) => new ZoneReading(
            new TrackReading(Counts(a[0], a[1], zone, Canary), Counts(a[2], a[3], zone, Canary)),
            new TrackReading(Counts(a[0], a[1], zone, Stable), Counts(a[2], a[3], zone, Stable))));
    }

    private static PrometheusQueries Latency(LatencyCheck check, PromMatcher apps, string window, string total)
    {
        string Increase(string range) => $"sum by (zone, track, le) (increase({check.Buckets.With(apps)}[{range}]))";
        var queries = new[] { Increase(window), Increase(total) };
        return new PrometheusQueries(queries, (zone, a) => new ZoneReading(
            new TrackReading(Buckets(a[0], zone, Canary), Buckets(a[1], zone, Canary)),
            new TrackReading(Buckets(a[0], zone, Stable), Buckets(a[1], zone, Stable))));
    }

    private static PrometheusQueries Query(QueryCheck check, DeploymentTarget target, AnalysisContext context, PromMatcher apps, string window)
    {
        var query = check.Query
            .Replace("{{matchers}}", apps.ToString(), StringComparison.Ordinal)
            .Replace("{{window}}", window, StringComparison.Ordinal)
            .Replace("{{app}}", target.StableAppId, StringComparison.Ordinal)
            .Replace("{{canaryApp}}", target.CanaryAppId, StringComparison.Ordinal)
            .Replace("{{service}}", target.Name, StringComparison.Ordinal)
            .Replace("{{release}}", context.CanaryRelease ?? "", StringComparison.Ordinal)
            .Replace("{{stableRelease}}", context.StableRelease ?? "", StringComparison.Ordinal);
        return new PrometheusQueries([query], (zone, a) => new ZoneReading(
            new TrackReading(Value(a[0], zone, Canary), MetricSample.None),
            new TrackReading(Value(a[0], zone, Stable), MetricSample.None)));
    }

    private static IEnumerable<PromSeries> Of(IReadOnlyList<PromSeries> series, Zone zone, string track) =>
        series.Where(s => s.Labels.GetValueOrDefault(Zone) == zone.Name && s.Labels.GetValueOrDefault(Track) == track);

    // NaN (no samples in the range) counts as nothing seen.
    private static double Sum(IEnumerable<PromSeries> series) => series.Select(s => double.IsFinite(s.Value) ? s.Value : 0).Sum();

    private static MetricSample Counts(IReadOnlyList<PromSeries> requests, IReadOnlyList<PromSeries> failed, Zone zone, string track)
    {
        var all = Of(requests, zone, track).ToList();
        return all.Count == 0 ? MetricSample.None : new CountSample(Sum(all), Sum(Of(failed, zone, track)));
    }

    private static MetricSample Buckets(IReadOnlyList<PromSeries> series, Zone zone, string track)
    {
        var buckets = Of(series, zone, track)
            .Select(s => (Le: ParseLe(s.Labels.GetValueOrDefault("le")), Count: double.IsFinite(s.Value) ? s.Value : 0))
            .Where(b => b.Le is not null)
            .GroupBy(b => b.Le!.Value).OrderBy(g => g.Key)
            .Select(g => new HistogramBucket(g.Key, g.Sum(b => b.Count))).ToList();
        return buckets.Count == 0 ? MetricSample.None : new HistogramSample(Monotone(buckets));
    }

    // increase() extrapolates each bucket series on its own, so cumulative counts can dip by a fraction; keep them rising.
    private static IReadOnlyList<HistogramBucket> Monotone(List<HistogramBucket> buckets)
    {
        var highest = 0.0;
        return buckets.Select(b => new HistogramBucket(b.UpperBound, highest = Math.Max(highest, b.Count))).ToList();
    }

    private static double? ParseLe(string? text) => text switch
    {
        null => null,
        "+Inf" => double.PositiveInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var le) ? le : null,
    };

    private static MetricSample Value(IReadOnlyList<PromSeries> series, Zone zone, string track) =>
        Of(series, zone, track).Select(s => s.Value).Where(double.IsFinite).Cast<double?>().FirstOrDefault() is { } value
            ? new ValueSample(value) : MetricSample.None;
}

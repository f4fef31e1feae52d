namespace Delivery.Core.Analysis.Statistics;

/// <summary>
/// Arithmetic on Prometheus histograms (cumulative bucket counts, <c>le</c> ascending, +Inf last), done the way
/// Prometheus's own <c>histogram_quantile</c> does it (linear within a bucket; the lowest bucket starts at 0), so the
/// numbers in a report match what a person gets from a dashboard.
/// </summary>
public static class Histograms
{
    /// <summary>The <paramref name="q"/>-quantile, or null with no observations. In the +Inf bucket: the highest finite bound.</summary>
    public static double? Quantile(IReadOnlyList<HistogramBucket> buckets, double q)
    {
        var total = Total(buckets);
        if (total <= 0) return null;
        var rank = q * total;
        var previousBound = 0.0;
        var previousCount = 0.0;
        foreach (var bucket in buckets)
        {
            if (bucket.Count >= rank)
            {
                if (double.IsPositiveInfinity(bucket.UpperBound)) return previousBound;
                var inBucket = bucket.Count - previousCount;
                return inBucket <= 0 ? bucket.UpperBound : previousBound + (bucket.UpperBound - previousBound) * (rank - previousCount) / inBucket;
            }
            (previousBound, previousCount) = (bucket.UpperBound, bucket.Count);
        }
        return previousBound;
    }

    /// <summary>The smallest bucket bound at or above <paramref name="value"/> (+Inf when none is).</summary>
    public static double BoundAtOrAbove(IReadOnlyList<HistogramBucket> buckets, double value) =>
        buckets.Select(b => b.UpperBound).Where(le => le >= value - 1e-12).DefaultIfEmpty(double.PositiveInfinity).Min();

    /// <summary>
    /// Observations above the bucket bound <paramref name="bound"/>: counted exactly, never interpolated, so a request
    /// is called slow only when its bucket lies wholly above the bound. A bound between buckets is rounded up first.
    /// </summary>
    public static double Above(IReadOnlyList<HistogramBucket> buckets, double bound)
    {
        var edge = BoundAtOrAbove(buckets, bound);
        var atOrBelow = buckets.Where(b => b.UpperBound <= edge + 1e-12).Select(b => b.Count).DefaultIfEmpty(0).Max();
        return Math.Max(0, Total(buckets) - atOrBelow);
    }

    public static double Total(IReadOnlyList<HistogramBucket> buckets) => buckets.Count == 0 ? 0 : buckets[^1].Count;

    /// <summary>Bucket-wise sum of two histograms with the same bounds (both tracks pooled).</summary>
    public static IReadOnlyList<HistogramBucket> Sum(IReadOnlyList<HistogramBucket> a, IReadOnlyList<HistogramBucket> b)
    {
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var bounds = a.Select(x => x.UpperBound).Union(b.Select(x => x.UpperBound)).Order().ToList();
        return bounds.Select(le => new HistogramBucket(le, CountAt(a, le) + CountAt(b, le))).ToList();
    }

    // Cumulative count at a bound: that of the largest bucket at or below it.
    private static double CountAt(IReadOnlyList<HistogramBucket> buckets, double le) =>
        buckets.Where(x => x.UpperBound <= le).Select(x => x.Count).DefaultIfEmpty(0).Max();
}

using Delivery.Core.Analysis;

namespace Delivery.Core.Tests.Analysis.Simulation;

/// <summary>
/// Synthetic traffic of one track in one zone for one interval: requests that fail with a probability and take a
/// log-normal time, counted into the lobby's histogram buckets exactly as prometheus-net would count them.
/// </summary>
public sealed record TrafficModel(double RequestsPerSecondPerTask, double ErrorRate, double MedianSeconds, double Sigma, double ExtraSeconds = 0)
{
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, double.PositiveInfinity];

    public Interval Draw(Random random, int tasks, TimeSpan interval)
    {
        var requests = Poisson(random, RequestsPerSecondPerTask * tasks * interval.TotalSeconds);
        var failed = 0;
        var buckets = new double[Bounds.Length];
        for (var i = 0; i < requests; i++)
        {
            if (random.NextDouble() < ErrorRate) failed++;
            var seconds = MedianSeconds * Math.Exp(Sigma * Gaussian(random)) + ExtraSeconds;
            var index = Array.FindIndex(Bounds, le => seconds <= le);
            buckets[index]++;
        }
        return new Interval(requests, failed, buckets);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Poisson(Random random, double mean)
    {
        // Normal approximation is plenty for means in the hundreds; exact for small ones.
        if (mean > 50) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Gaussian(random)));
        var (limit, product, count) = (Math.Exp(-mean), random.NextDouble(), 0);
        while (product > limit) { product *= random.NextDouble(); count++; }
        return count;
    }
}

/// <summary>One interval's counts of one track: requests, failures, and requests per bucket (not cumulative).</summary>
public sealed record Interval(double Requests, double Failed, double[] PerBucket)
{
    public static Interval Empty { get; } = new(0, 0, new double[TrafficModel.Bounds.Length]);

    public Interval Plus(Interval other) =>
        new(Requests + other.Requests, Failed + other.Failed, PerBucket.Zip(other.PerBucket, (a, b) => a + b).ToArray());

    public CountSample Counts => new(Requests, Failed);

    public HistogramSample Histogram
    {
        get
        {
            var cumulative = 0.0;
            return new HistogramSample(TrafficModel.Bounds.Select((le, i) => new HistogramBucket(le, cumulative += PerBucket[i])).ToList());
        }
    }

    public double ErrorRate => Requests > 0 ? Failed / Requests : 0;

    public double Quantile(double q) => Delivery.Core.Analysis.Statistics.Histograms.Quantile(Histogram.Buckets, q) ?? 0;
}

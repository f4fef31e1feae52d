using Delivery.Core.Values;

namespace Delivery.Core.Analysis;

/// <summary>
/// What one read of one check returned from the metrics server, raw: per zone, the canary's and stable's samples over
/// the last interval (<see cref="TrackReading.Window"/>) and since the analysis began (<see cref="TrackReading.Total"/>).
/// The pure <see cref="MetricJudge"/> turns it into verdicts, so the adapter never decides anything.
/// </summary>
/// <param name="At">The evaluation time the queries were asked for (also what makes two reads the same read).</param>
/// <param name="Queries">The PromQL sent, for the report.</param>
/// <param name="Error">Why the read failed (server down, query refused); null when it worked.</param>
public sealed record MetricReading(
    string Check,
    DateTimeOffset At,
    TimeSpan Window,
    TimeSpan Since,
    IReadOnlyList<string> Queries,
    IReadOnlyDictionary<Zone, ZoneReading> Zones,
    string? Error = null)
{
    public static MetricReading Failed(string check, DateTimeOffset at, IReadOnlyList<string> queries, string error) =>
        new(check, at, TimeSpan.Zero, TimeSpan.Zero, queries, new Dictionary<Zone, ZoneReading>(), error);

    /// <summary>The zone's samples; a zone the server returned nothing for has empty ones.</summary>
    public ZoneReading In(Zone zone) => Zones.TryGetValue(zone, out var reading) ? reading : ZoneReading.Empty;
}

public sealed record ZoneReading(TrackReading Canary, TrackReading Stable)
{
    public static ZoneReading Empty { get; } = new(TrackReading.Empty, TrackReading.Empty);
}

/// <param name="Window">Over the last interval: what the hard gates judge.</param>
/// <param name="Total">Since the analysis began: what the sequential comparison judges.</param>
public sealed record TrackReading(MetricSample Window, MetricSample Total)
{
    public static TrackReading Empty { get; } = new(MetricSample.None, MetricSample.None);
}

/// <summary>One track's figures for one check in one zone over one span of time.</summary>
public abstract record MetricSample
{
    /// <summary>No series at all (nothing scraped, or no traffic).</summary>
    public static MetricSample None { get; } = new NoSample();
}

public sealed record NoSample : MetricSample;

/// <summary>Counter increases: requests, and how many of them failed.</summary>
public sealed record CountSample(double Requests, double Failed) : MetricSample;

/// <summary>Histogram bucket increases, cumulative as Prometheus keeps them (<c>le</c> ascending, the last one +Inf).</summary>
public sealed record HistogramSample(IReadOnlyList<HistogramBucket> Buckets) : MetricSample
{
    public double Count => Buckets.Count == 0 ? 0 : Buckets[^1].Count;
}

/// <param name="UpperBound">The bucket's <c>le</c>; <see cref="double.PositiveInfinity"/> for the last.</param>
/// <param name="Count">Observations at or below the bound.</param>
public sealed record HistogramBucket(double UpperBound, double Count);

/// <summary>The value a <see cref="QueryCheck"/> returned for one track in one zone.</summary>
public sealed record ValueSample(double Value) : MetricSample;

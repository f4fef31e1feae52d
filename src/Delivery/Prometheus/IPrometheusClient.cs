namespace Delivery.Prometheus;

/// <summary>
/// The part of Prometheus's HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/) that Delivery reads:
/// instant and range queries, and the build information used as a check before a canary starts.
/// </summary>
public interface IPrometheusClient
{
    /// <summary>The server, without credentials (safe to print).</summary>
    Uri BaseUri { get; }

    Task<PrometheusBuildInfo> BuildInfoAsync(CancellationToken ct);

    /// <summary>An instant query evaluated at <paramref name="at"/>: one series per result (a scalar: one with no labels).</summary>
    Task<IReadOnlyList<PromSeries>> QueryAsync(string promql, DateTimeOffset at, CancellationToken ct);

    Task<IReadOnlyList<PromRangeSeries>> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken ct);
}

public sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, double Value);

public sealed record PromRangeSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PromPoint> Points);

public sealed record PromPoint(DateTimeOffset At, double Value);

public sealed record PrometheusBuildInfo(string Version, string Revision);

/// <param name="RequestTimeout">One request; a slow query is a failed read, retried like a dropped connection.</param>
/// <param name="MaxAttempts">Tries of one read, counting the first.</param>
/// <param name="FirstRetryDelay">Before the second try; doubled for each next one.</param>
public sealed record PrometheusClientOptions(TimeSpan RequestTimeout, int MaxAttempts, TimeSpan FirstRetryDelay)
{
    public static PrometheusClientOptions Default { get; } = new(TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(500));
}

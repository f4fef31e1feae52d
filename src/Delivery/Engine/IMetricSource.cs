using Delivery.Core.Analysis;

namespace Delivery.Engine;

/// <summary>
/// The port through which the engine reads a pipeline's analysis checks from a metrics server (Prometheus). It only
/// reads raw figures; the pure <see cref="MetricJudge"/> decides. A failed read is a reading with an error, never an
/// exception, so that the planner can apply its limit of consecutive errors.
/// </summary>
public interface IMetricSource
{
    /// <summary>Checks the server answers, before a run starts anything: a canary that cannot be judged must not start.</summary>
    /// <exception cref="Core.DeliveryException">The server does not answer, with why.</exception>
    Task CheckAsync(CancellationToken ct);

    /// <summary>
    /// Reads every check for both tracks of <paramref name="target"/>, per zone: the last <see cref="AnalysisPolicy.Interval"/>
    /// before <paramref name="at"/>, and everything since <paramref name="since"/> (the analysis start).
    /// </summary>
    Task<IReadOnlyList<MetricReading>> ReadAsync(DeploymentTarget target, AnalysisContext context, DateTimeOffset since, DateTimeOffset at, CancellationToken ct);
}

/// <summary>What a query template may name besides the matchers: the releases on both tracks.</summary>
public sealed record AnalysisContext(AnalysisPolicy Policy, string? CanaryRelease, string? StableRelease);

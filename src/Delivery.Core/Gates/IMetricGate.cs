using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Core.Gates;

/// <summary>
/// The extension point for metric analysis (canary against stable, per zone). An adapter queries Prometheus and
/// returns measurements; it never throws for a failed query but returns an <see cref="GatePhase.Error"/>
/// measurement, so the planner can apply <see cref="GateLimits.MaxConsecutiveErrors"/>.
/// </summary>
public interface IMetricGate
{
    Task<IReadOnlyList<Measurement>> MeasureAsync(
        MetricCheck check, IReadOnlyList<Zone> zones, DateTimeOffset now, CancellationToken cancellationToken);
}

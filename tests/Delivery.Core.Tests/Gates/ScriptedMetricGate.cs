using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Tests.Gates;

/// <summary>A metric gate test double: answers each check with the next scripted phase, in every zone.</summary>
internal sealed class ScriptedMetricGate(params GatePhase[] script) : IMetricGate
{
    private int _calls;

    public Task<IReadOnlyList<Measurement>> MeasureAsync(
        MetricCheck check, IReadOnlyList<Zone> zones, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var phase = script[Math.Min(_calls++, script.Length - 1)];
        IReadOnlyList<Measurement> results = zones.Select(zone => new Measurement(check.Name, zone, phase, $"{check.Name} in {zone}: {phase}",
            new Dictionary<string, double> { ["threshold"] = check.Threshold }, now)).ToList();
        return Task.FromResult(results);
    }
}

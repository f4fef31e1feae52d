using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>The ports and settings every use case shares; <see cref="Session"/> makes the per-pipeline parts.</summary>
public sealed record EngineContext(
    IMarathonClient Marathon,
    IReadOnlyList<IMetricGate> MetricGates,
    ProgressLog Progress,
    EngineSettings Settings,
    TimeProvider Time,
    string Holder)
{
    public PipelineSession Session(DeploymentTarget target, LeaseIntent intent, string kind) =>
        new(Marathon, target, new RunIdentity(Holder, RunIdentity.NewRunId(Time), intent), kind, MetricGates, Progress, Settings, Time);
}

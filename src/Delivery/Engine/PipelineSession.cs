using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Everything one run needs for one pipeline, made once: the ports, the ledger, the failure log, the observer, the
/// actuator, the lease keeper and the recorder. Use cases build one per pipeline they act on.
/// </summary>
public sealed class PipelineSession
{
    public PipelineSession(IMarathonClient marathon, DeploymentTarget target, RunIdentity run, string kind,
        IReadOnlyList<IMetricGate> metricGates, ProgressLog progress, EngineSettings settings, TimeProvider time)
    {
        (Marathon, Target, Run, Progress, Settings, Time) = (marathon, target, run, progress, settings, time);
        Ledger = new Ledger(marathon, target);
        Failures = new TaskFailureLog(time.GetUtcNow() - TimeSpan.FromSeconds(5));
        Observer = new MarathonObserver(marathon, target, Failures, metricGates, time);
        Actuator = new CanaryActuator(marathon, target, progress);
        Lease = new LeaseKeeper(Ledger, target, run, progress, time);
        Recorder = new RunRecorder(run.RunId, kind, target, time);
    }

    public IMarathonClient Marathon { get; }
    public DeploymentTarget Target { get; }
    public RunIdentity Run { get; }
    public ProgressLog Progress { get; }
    public EngineSettings Settings { get; }
    public TimeProvider Time { get; }
    public Ledger Ledger { get; }
    public TaskFailureLog Failures { get; }
    public MarathonObserver Observer { get; }
    public CanaryActuator Actuator { get; }
    public LeaseKeeper Lease { get; }
    public RunRecorder Recorder { get; }

    public CanaryOrchestrator Orchestrator() => new(this);

    public CanaryPolicy Policy => Target.Pipeline.Canary;
}

using Delivery.Core.Canary;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Everything one run needs for one pipeline, made once: the ports, the ledger, the failure log, the observer, the
/// actuator, the lease keeper, the hooks and the recorder. Use cases build one per pipeline they act on.
/// </summary>
public sealed class PipelineSession
{
    public PipelineSession(EngineContext context, DeploymentTarget target, RunIdentity run, string kind)
    {
        (Marathon, Target, Run, Progress, Settings, Time) = (context.Marathon, target, run, context.Progress, context.Settings, context.Time);
        Policy = target.Policy;
        Start = new RunStart(run.RunId, kind, target, run.Holder, Time.GetUtcNow());
        Lease = new LeaseKeeper(Marathon, target, run, Progress, Time);
        Ledger = new Ledger(Marathon, target, () => Lease.Epoch);
        Failures = new TaskFailureLog(Time.GetUtcNow() - TimeSpan.FromSeconds(5));
        Recorder = new RunRecorder(run.RunId, kind, target, Time);
        Hooks = new PipelineHooks(context.Hooks, Marathon, target, run, Policy, Recorder, Progress);
        Observer = new MarathonObserver(Marathon, target, Failures, new MetricReader(context.Metrics, target, Policy, Time), Hooks, Time);
        Actuator = new CanaryActuator(Marathon, target, Progress, Hooks);
        Lease.TakenOver = (from, why) =>
        {
            Recorder.Event("LeaseTakenOver", $"Took the lease of {target.Name} from {from}: {why}.");
            context.Listener?.LeaseTakenOver(Start, from.ToString(), why);
        };
    }

    /// <summary>The run as it began, for those who announce it.</summary>
    public RunStart Start { get; }

    public IMarathon Marathon { get; }
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
    public PipelineHooks Hooks { get; }

    /// <summary>The pipeline's canary policy with the environment's hooks joined to its own.</summary>
    public CanaryPolicy Policy { get; }

    public CanaryOrchestrator Orchestrator() => new(this);

    /// <summary>
    /// A status write outside a pass (a run's first status, a resume, a rollback's intent): fenced like a pass, so a run
    /// pre-empted since it took the lease stops here instead of writing.
    /// </summary>
    public async Task WriteStatusAsync(LedgerState read, CanaryStatus status, CancellationToken ct)
    {
        await Lease.CheckAsync(ct).ConfigureAwait(false);
        await Ledger.WriteAsync(read, status, ct).ConfigureAwait(false);
    }
}

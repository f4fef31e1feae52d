using Delivery.Core.Canary;
using Delivery.Hooks;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>The ports and settings every use case shares; <see cref="Session"/> makes the per-pipeline parts.</summary>
/// <param name="Metrics">Where the analysis checks are read; null when the environment names no metrics server.</param>
/// <param name="Hooks">Runs the pipelines' hooks; null when hooks cannot run (unit tests without any).</param>
/// <param name="Images">Says whether a release's image is still in the registry; null skips that check (unit tests).</param>
/// <param name="Listener">Hears each run begin and end (notifications, delivery metrics); null tells nobody.</param>
public sealed record EngineContext(
    IMarathon Marathon,
    IMetricSource? Metrics,
    ProgressLog Progress,
    EngineSettings Settings,
    TimeProvider Time,
    string Holder,
    IRunJournal? Journal = null,
    IHookRunner? Hooks = null,
    IReleaseImages? Images = null,
    IRunListener? Listener = null)
{
    public PipelineSession Session(DeploymentTarget target, LeaseIntent intent, string kind) =>
        new(this, target, new RunIdentity(Holder, RunIdentity.NewRunId(Time), intent), kind);

    /// <summary>
    /// Runs a use case as one journalled run: begun before it acts (so a killed run stays visible as unfinished),
    /// finished with its report. An error still gives a report (outcome Failed) inside <see cref="RunFailedException"/>.
    /// The listener hears of the run once its outcome is decided; it sends in the background, so it can neither delay,
    /// fail nor change the run (a Rollback's restore never waits for a webhook).
    /// </summary>
    public async Task<RunReport> ExecuteAsync(PipelineSession session, string kind, Func<Task<RunReport>> run)
    {
        var target = session.Target;
        if (Journal is not null)
            await Journal.BeginAsync(session.Run.RunId, kind, target.Name, target.Environment.Name, Time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        Listener?.Started(session.Start);
        RunReport report;
        try
        {
            report = await run().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            report = session.Recorder.Finish(RunOutcome.Failed, e is OperationCanceledException ? "Cancelled." : e.Message);
            if (Journal is not null) await Journal.FinishAsync(report, CancellationToken.None).ConfigureAwait(false);
            Tell(report);
            throw new RunFailedException(report, e);
        }
        if (Journal is not null) await Journal.FinishAsync(report, CancellationToken.None).ConfigureAwait(false);
        Tell(report);
        return report;
    }

    private void Tell(RunReport report)
    {
        if (Listener is null) return;
        try
        {
            Listener.Finished(report);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A listener never throws by contract; if one does, the run's outcome still stands.
            Progress.Say($"Warning: could not tell the outside world how run {report.RunId} ended ({e.GetType().Name}).");
        }
    }
}

/// <summary>A run failed with an error; <see cref="Report"/> is its record (outcome Failed) for <c>--report</c> and the journal.</summary>
public sealed class RunFailedException(RunReport report, Exception inner) : Core.DeliveryException(inner.Message, inner)
{
    public RunReport Report { get; } = report;
}

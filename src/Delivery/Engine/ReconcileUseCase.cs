using Delivery.Core.Canary;
using Delivery.Core.Leases;

namespace Delivery.Engine;

/// <summary>What Reconcile found for one pipeline, and the record of what it did (null when it did nothing).</summary>
/// <param name="Acted">It took the lease and ran the pipeline's run to an end or a pause.</param>
public sealed record ReconcileResult(string Pipeline, string Summary, bool Acted, RunReport? Report = null, Exception? Error = null);

/// <summary>
/// Reconcile: what a scheduled CI job runs every few minutes, so runs finish without a person. A run whose holder is
/// gone (killed, its lease expired) is taken over and finished by the same orchestrator that started it; a run paused
/// at a pause step past its timeout gets the step's <c>onTimeout</c>. A pipeline with nothing in flight costs two
/// reads and no write; a run whose holder still renews its lease is left to it. Idempotent, and safe from several
/// places at once: everything it writes is under the pipeline's lease (a Deploy's, so a Rollback still pre-empts it).
/// </summary>
public sealed class ReconcileUseCase(EngineContext context)
{
    /// <summary>How long a held lease is watched before its holder counts as alive: one lease duration, and a little.</summary>
    public static readonly TimeSpan LeaseWatch = LeaseRules.Duration + TimeSpan.FromSeconds(5);

    public async Task<ReconcileResult> RunAsync(DeploymentTarget target, CancellationToken ct)
    {
        // A look without the lease first: most pipelines are idle and need nothing.
        var status = (await new Ledger(context.Marathon, target, () => 0).ReadAsync(ct).ConfigureAwait(false)).Status(target.Name);
        var canary = await context.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        if (!status.InFlight(canary is not null)) return new(target.Name, $"nothing in flight ({Phase(status)})", false);
        if (Waiting(target, status) is { } waiting) return new(target.Name, waiting, false);

        var session = context.Session(target, LeaseIntent.Deploy, "Reconcile");
        if ((await session.Lease.TryAcquireAsync(LeaseWatch, ct).ConfigureAwait(false)).Mine is null)
            return new(target.Name, $"{status.Phase} run of {status.Canary?.ToString() ?? "an unknown release"} left to its holder, which still renews its lease", false);
        try
        {
            var report = await context.ExecuteAsync(session, "Reconcile", async () =>
            {
                var read = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
                var current = session.Ledger.StatusOf(read);
                var canaryNow = await context.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
                session.Recorder.Release = current.Canary;
                if (!current.InFlight(canaryNow is not null))
                    return session.Recorder.Finish(RunOutcome.AlreadyLive, $"Nothing in flight any more ({Phase(current)}): another run finished it.");
                if (Waiting(target, current) is { } stillWaiting) return session.Recorder.Finish(RunOutcome.Paused, stillWaiting);
                if (current.Phase != CanaryPhase.Paused)
                {
                    context.Progress.Say($"{target.Name}: taking over the abandoned {current.Phase} run of {current.Canary?.ToString() ?? "an unknown release"} (run {current.RunId}).");
                    await session.WriteStatusAsync(read, current.TakenOver(session.Time.GetUtcNow()), ct).ConfigureAwait(false);
                }
                var last = await session.Recorder.StageAsync("reconcile", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
                return session.Recorder.Finish(RunOutcomes.Of(last), RunOutcomes.Explain(last));
            }).ConfigureAwait(false);
            return new(target.Name, $"{report.Outcome}: {report.Reason}", true, report);
        }
        catch (RunFailedException failed)
        {
            return new(target.Name, $"Failed: {failed.Message}", true, failed.Report, failed);
        }
        finally
        {
            await session.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Why a run in flight is left as it is: paused for a person (with no timeout, or before it).</summary>
    private string? Waiting(DeploymentTarget target, CanaryStatus status)
    {
        if (status.Phase != CanaryPhase.Paused) return null;
        var at = CanaryPlanner.PauseTimesOutAt(target.Policy, status);
        if (at is { } timesOut && timesOut <= context.Time.GetUtcNow()) return null;
        return $"paused for a person{(at is { } t ? $" until {t:yyyy-MM-dd HH:mm:ss} UTC" : "")}: {status.PauseReason?.Message}";
    }

    private static string Phase(CanaryStatus status) => status.Phase == CanaryPhase.Unknown ? "never deployed" : status.Phase.ToString();
}

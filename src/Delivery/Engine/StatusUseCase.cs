using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>Status: reads Marathon (and the local journal for the last run); never writes anything.</summary>
public sealed class StatusUseCase(EngineContext context, IRunJournal journal)
{
    public async Task<PipelineStatusView> ReadAsync(DeploymentTarget target, CancellationToken ct)
    {
        var marathon = context.Marathon;
        var stable = await marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
        var canary = await marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var ledger = await new Ledger(marathon, target, () => 0).ReadAsync(ct).ConfigureAwait(false);
        var status = ledger.Status(target.Name);
        var leases = await LeaseKeeper.ReadAsync(marathon, target, ct).ConfigureAwait(false);
        var failures = new TaskFailureLog(context.Time.GetUtcNow());
        var stableView = MarathonObserver.View(stable, target.Zones, failures);
        var canaryView = MarathonObserver.View(canary, target.Zones, failures);
        var facts = canary?.Labels is { } labels ? CanaryAppLabels.TryRead(labels) : null;
        var zones = target.Zones.Select(z => new ZoneStatusView(z.Name,
            stableView?.TasksIn(z).Healthy ?? 0, stableView?.TasksIn(z).Tasks.Count ?? 0,
            canaryView?.TasksIn(z).Healthy ?? 0, canaryView?.TasksIn(z).Tasks.Count ?? 0)).ToList();
        // Expiry is a reader's own judgement over time; a one-shot Status shows the newest lease that is not released.
        var lease = leases.LastOrDefault() is { Released: false } held ? held : null;
        var inFlight = status.InFlight(canary is not null)
            ? $"{(status.Canary ?? facts?.Canary)?.ToString() ?? "unknown release"} at step {status.StepIndex + 1}/{target.Pipeline.Canary.Steps.Count}"
            : null;
        var last = (await journal.RecentAsync(target.Name, 1, ct).ConfigureAwait(false)).FirstOrDefault();
        return new PipelineStatusView(
            target.Name, target.Environment.Name,
            stable is null ? null : StableLabels.TryRead(stable, target.Name)?.ToString() ?? "(not labelled)", stable?.Image, stable?.Instances ?? 0,
            canary is null ? null : (facts?.Canary ?? status.Canary)?.ToString() ?? "(unknown)", canary?.Instances ?? 0,
            zones, inFlight is null && status.Phase == CanaryPhase.Unknown ? nameof(CanaryPhase.Idle) : status.Phase.ToString(), inFlight, (status.PauseReason ?? status.AbortReason)?.Message, lease?.Holder, lease is null ? null : $"{lease.Intent}, epoch {lease.Epoch}",
            stable is null ? [] : StableLabels.History(stable).Entries.Select(e => e.ToString()).ToList(),
            last is null ? null : new LastRunView(last.RunId, last.Kind, last.Outcome.ToString(), last.Reason, last.FinishedAt));
    }
}

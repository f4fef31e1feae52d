using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Engine;

/// <summary>
/// Rollback, for incidents. It takes the lease even from a running Deploy. A canary in flight (or one a killed run left)
/// is aborted: stable back to size, canary removed. Otherwise the previous good release (or <c>--to</c>) returns to the
/// stable app with a forced, fast upgrade, and the run waits until it is healthy.
/// </summary>
public sealed class RollbackUseCase(EngineContext context)
{
    public async Task<RunReport> RunAsync(DeploymentTarget target, string? to, CancellationToken ct)
    {
        var session = context.Session(target, LeaseIntent.Rollback, "Rollback");
        return await context.ExecuteAsync(session, "Rollback", async () =>
        {
            await FailFastWhenNothingToRestoreAsync(session, to, ct).ConfigureAwait(false);
            await session.Recorder.StageAsync("lease", () => session.Lease.AcquireAsync(context.Settings.LockTimeout, ct)).ConfigureAwait(false);
            try
            {
                var read = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
                var status = read.Status(target.Name);
                var canary = await context.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
                return AppWaiter.InFlight(status, canary is not null) && string.IsNullOrWhiteSpace(to)
                    ? await AbortAsync(session, read, status, ct).ConfigureAwait(false)
                    : await RestoreAsync(session, to, ct).ConfigureAwait(false);
            }
            finally
            {
                await session.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task<RunReport> AbortAsync(PipelineSession session, LedgerState read, CanaryStatus status, CancellationToken ct)
    {
        var target = session.Target;
        session.Recorder.Release = status.Stable;
        context.Progress.Say($"{target.Name}: aborting the canary of {status.Canary?.ToString() ?? "an unknown release"} ({status.Phase}).");
        if (status.Phase != CanaryPhase.Unknown)
        {
            var reason = new CanaryReason("RollbackRequested", $"Rollback requested by {session.Run.Holder}.");
            await session.Ledger.WriteAsync(read, status.Abort(reason, session.Time.GetUtcNow()), null, ct).ConfigureAwait(false);
        }
        var last = await session.Recorder.StageAsync("rollback", () => session.Orchestrator().RunAsync(ct)).ConfigureAwait(false);
        var outcome = last.Action is CanaryAction.Done { Outcome: CanaryOutcome.RolledBack or CanaryOutcome.Idle } ? RunOutcome.RolledBack : RunOutcome.Failed;
        return session.Recorder.Finish(outcome, last.Reason.Message);
    }

    /// <summary>
    /// Nothing in flight and no earlier release to restore: say so at once, without taking the lease (whose settle delay
    /// would only make an incident responder wait for a refusal). The check is repeated under the lease.
    /// </summary>
    private async Task FailFastWhenNothingToRestoreAsync(PipelineSession session, string? to, CancellationToken ct)
    {
        var target = session.Target;
        var status = (await session.Ledger.ReadAsync(ct).ConfigureAwait(false)).Status(target.Name);
        var canary = await context.Marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        if (AppWaiter.InFlight(status, canary is not null) && string.IsNullOrWhiteSpace(to)) return;
        var stable = await context.Marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
        if (stable is null) throw new DeliveryException($"Rollback {target.Name} failed: Marathon has no stable app {target.StableAppId}.");
        ImageReference.TryParse(stable.Image, out var image);
        if (RollbackTargets.Choose(StableLabels.History(stable), image?.Digest, to).Problem is { } problem)
            throw new DeliveryException($"Rollback {target.Name} failed: {problem}");
    }

    /// <summary>After a promotion: PUT stable with the chosen earlier digest, forced (cancels a stuck deployment), fast.</summary>
    private async Task<RunReport> RestoreAsync(PipelineSession session, string? to, CancellationToken ct)
    {
        var target = session.Target;
        var stable = await context.Marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false)
            ?? throw new DeliveryException($"Rollback {target.Name} failed: Marathon has no stable app {target.StableAppId}.");
        var current = StableLabels.TryRead(stable, target.Name);
        ImageReference.TryParse(stable.Image, out var image);
        var history = StableLabels.History(stable);
        var choice = RollbackTargets.Choose(history, image?.Digest, to);
        if (choice.Target is not { } entry)
            throw new DeliveryException($"Rollback {target.Name} failed: {choice.Problem}");
        var release = entry.ToRelease(target.Name, image ?? throw new DeliveryException($"Rollback {target.Name} failed: the stable app has no image."));
        session.Recorder.Release = release;
        var newHistory = current is null ? history : history.AfterRollback(current, release.Digest);
        var instances = stable.Instances ?? target.Pipeline.Instances;
        context.Progress.Say($"{target.Name}: restoring {release} ({release.Digest}) on {target.StableAppId}, {instances} instance(s), replacing {current?.ToString() ?? stable.Image}.");
        await session.Recorder.StageAsync("restore", () => context.Marathon.PutAppAsync(
            AppDefinitions.Stable(target, release, instances, newHistory, AppDefinitions.FastUpgrade), force: true, ct: ct)).ConfigureAwait(false);
        var healthy = await session.Recorder.StageAsync("verify",
            () => AppWaiter.StableHealthyAsync(session, instances, session.Policy.RollbackDeadline, "the restored release", ct)).ConfigureAwait(false);
        return healthy
            ? session.Recorder.Finish(RunOutcome.RolledBack, $"Rolled back {target.Name} from {current?.ToString() ?? "?"} to {release} ({release.Digest}); {instances}/{instances} healthy.")
            : session.Recorder.Finish(RunOutcome.Failed, $"Restored {release} on {target.StableAppId} but it was not healthy within {session.Policy.RollbackDeadline.TotalMinutes:0.#}m; a person must look.");
    }
}

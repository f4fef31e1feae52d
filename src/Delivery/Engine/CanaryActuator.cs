using Delivery.Core.Canary;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Applies one planner decision through the Marathon port. Every action is safe to repeat: the planner asks again
/// until Marathon shows it done, so a write refused because a deployment still holds the app is simply retried by
/// the next pass (except in a rollback, which forces its way through).
/// </summary>
public sealed class CanaryActuator(IMarathonApps marathon, DeploymentTarget target, ProgressLog progress, PipelineHooks hooks)
{
    public async Task ApplyAsync(CanaryDecision decision, ObservedState observed, CancellationToken ct)
    {
        try
        {
            await ApplyCoreAsync(decision, observed, ct).ConfigureAwait(false);
        }
        catch (MarathonAppLockedException locked) when (decision.Action is not CanaryAction.RollBack)
        {
            progress.Say($"Marathon is still deploying {string.Join(", ", locked.DeploymentIds)}; trying again on the next pass.");
        }
    }

    private async Task ApplyCoreAsync(CanaryDecision decision, ObservedState observed, CancellationToken ct)
    {
        switch (decision.Action)
        {
            case CanaryAction.PlaceCanary place:
                if (observed.Canary is null)
                {
                    try
                    {
                        await marathon.CreateAppAsync(AppDefinitions.Canary(target, place), ct).ConfigureAwait(false);
                    }
                    catch (MarathonAppExistsException)
                    {
                        // Created between our read and write (a pass of a run we replaced): scale instead.
                        await marathon.ScaleAppAsync(target.CanaryAppId, place.Instances, ct: ct).ConfigureAwait(false);
                    }
                }
                else
                {
                    await marathon.ScaleAppAsync(target.CanaryAppId, place.Instances, ct: ct).ConfigureAwait(false);
                }
                break;
            case CanaryAction.Grow grow:
                await GrowAsync(grow, observed, ct).ConfigureAwait(false);
                break;
            case CanaryAction.Promote promote:
                var stable = observed.Stable!;
                var replaced = decision.Status.Stable!;
                // The version the replaced release ran under is its whole definition: what a later rollback restores.
                var history = ReleaseHistory.FromLabels(stable.Labels).AfterPromotion(replaced, stable.Version);
                await marathon.PutAppAsync(AppDefinitions.Stable(target, promote.Release, promote.Instances, history), ct: ct).ConfigureAwait(false);
                break;
            case CanaryAction.LaunchStable launch:
                await marathon.PutAppAsync(AppDefinitions.Stable(target, launch.Release, launch.Instances, ReleaseHistory.Empty), ct: ct).ConfigureAwait(false);
                break;
            case CanaryAction.Restore restore:
                await RestoreAsync(restore, observed, ct).ConfigureAwait(false);
                break;
            case CanaryAction.FinishPromotion finish:
                await marathon.DeleteAppAsync(finish.CanaryAppId ?? target.CanaryAppId, ct).ConfigureAwait(false);
                break;
            case CanaryAction.RollBack rollBack:
                await RollBackAsync(rollBack, decision.Status, observed, ct).ConfigureAwait(false);
                break;
            case CanaryAction.RunHooks run:
                await hooks.RunAsync(run.Phase, decision.Status, ct).ConfigureAwait(false);
                break;
        }
    }

    // Whichever app grows is scaled first, so healthy capacity never dips between the two writes.
    private async Task GrowAsync(CanaryAction.Grow grow, ObservedState observed, CancellationToken ct)
    {
        var canaryNow = observed.Canary?.Instances ?? 0;
        async Task Canary() { if (canaryNow != grow.CanaryInstances) await marathon.ScaleAppAsync(target.CanaryAppId, grow.CanaryInstances, ct: ct).ConfigureAwait(false); }
        async Task Stable() { if (observed.Stable?.Instances != grow.StableInstances) await marathon.ScaleAppAsync(target.StableAppId, grow.StableInstances, ct: ct).ConfigureAwait(false); }
        if (grow.CanaryInstances >= canaryNow) { await Canary().ConfigureAwait(false); await Stable().ConfigureAwait(false); }
        else { await Stable().ConfigureAwait(false); await Canary().ConfigureAwait(false); }
    }

    /// <summary>
    /// Back to the target's recorded definition, forced (cancels a stuck deployment: an incident must not wait for it).
    /// The release it replaces is remembered as rolled back, with its own version, so it is neither chosen by a later
    /// rollback nor deployed again unless a person insists.
    /// </summary>
    private async Task RestoreAsync(CanaryAction.Restore restore, ObservedState observed, CancellationToken ct)
    {
        var stable = observed.Stable!;
        var release = restore.Target.ToRelease(target.Name, stable.Image);
        var history = ReleaseHistory.FromLabels(stable.Labels);
        var live = StableLabels.TryRead(stable.Labels, stable.Image, target.Name) ?? restore.Replaced;
        if (live is not null && live.Digest != release.Digest) history = history.AfterRollback(live, release.Digest, stable.Version);
        MarathonApp? recorded = null;
        if (restore.Target.Version is { } version)
        {
            recorded = await marathon.GetAppVersionAsync(target.StableAppId, version, ct).ConfigureAwait(false);
            if (recorded is null)
                progress.Say($"{target.Name}: Marathon no longer keeps version {version} of {target.StableAppId}; restoring the release's image into today's template.");
        }
        await marathon.PutAppAsync(AppDefinitions.Restored(target, release, restore.Instances, history, recorded, restore.RunId), force: true, ct: ct).ConfigureAwait(false);
    }

    /// <summary>Stable first (forced: a stuck scale or upgrade must not hold an incident up), then the canary goes.</summary>
    private async Task RollBackAsync(CanaryAction.RollBack rollBack, CanaryStatus status, ObservedState observed, CancellationToken ct)
    {
        if (observed.Stable is { } stable)
        {
            if (rollBack is { RestoreImage: true, Stable: { } restored })
            {
                var history = ReleaseHistory.FromLabels(stable.Labels);
                if (status.Canary is { } bad && stable.Digest == bad.Digest) history = history.AfterRollback(bad, restored.Digest);
                await marathon.PutAppAsync(AppDefinitions.Stable(target, restored, rollBack.StableInstances, history), force: true, ct: ct)
                    .ConfigureAwait(false);
            }
            else if (stable.Instances != rollBack.StableInstances)
            {
                await marathon.ScaleAppAsync(target.StableAppId, rollBack.StableInstances, force: true, ct: ct).ConfigureAwait(false);
            }
        }
        if (rollBack.CanaryAppId is { } canary) await marathon.DeleteAppAsync(canary, ct).ConfigureAwait(false);
    }
}

using static Delivery.Core.Canary.CanaryAction;

namespace Delivery.Core.Canary;

// The verbs besides the canary, as phases of the same planner: the first release (nothing to compare a canary with) and
// the restore of an earlier release (Rollback after a promotion, or --to during a canary). Like the rest, each pass
// re-derives its move from Marathon, so a run killed at any point is finished by the next run of any verb.
public static partial class CanaryPlanner
{
    private static CanaryDecision Launch(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        var release = status.Canary!;
        var until = (status.StepStartedAt ?? now) + policy.PromotionDeadline;
        if (observed.Stable is not { } stable || stable.Digest != release.Digest || stable.Instances != status.StableSize)
            return Decision(new LaunchStable(release, status.StableSize), status, CanaryReasons.Launching(release, status.StableSize));
        if (!stable.Deploying && stable.Healthy >= status.StableSize)
            return Decision(new Done(CanaryOutcome.Promoted), status with { Phase = CanaryPhase.Promoted }, CanaryReasons.Launched(release));
        if (now > until)
        {
            var reason = CanaryReasons.LaunchDeadline(policy.PromotionDeadline, stable.Healthy, status.StableSize);
            return Decision(new Done(CanaryOutcome.Failed), status with { Phase = CanaryPhase.Failed, AbortReason = reason }, reason);
        }
        return Decision(new Wait(WaitFor.StableUpgrade, until), status, CanaryReasons.WaitingForLaunch(stable.Healthy, status.StableSize, until));
    }

    /// <summary>
    /// Abort first (a canary in flight goes, stable back to its size, as a rollback does), then restore the target on
    /// the stable app, then wait until it is healthy at full size. Only the wait has a deadline; after it a person looks.
    /// </summary>
    private static CanaryDecision Restore(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        if (observed.Stable is not { } stable) return Decision(new PauseForPerson(), status, CanaryReasons.StableMissing(null));
        var target = status.Target!;
        if (observed.Canary is { } canary)
            return Decision(new RollBack(status.Stable, status.StableSize, false, canary.Id),
                status, CanaryReasons.AbortingBeforeRestore(canary.Id));
        if (stable.Digest != target.Digest || stable.Instances != status.StableSize)
            return Decision(new CanaryAction.Restore(target, status.StableSize, status.Stable, status.RunId), status, CanaryReasons.Restoring(target, status.StableSize));
        var until = (status.StepStartedAt ?? now) + policy.RollbackDeadline;
        // Done when the restored definition's own tasks are healthy at full size: players are served by the restored
        // release; stopping the old tasks is Marathon's deployment to finish (it needs nothing more from the run).
        if (stable.HealthyCurrent >= status.StableSize)
            return Decision(new Done(CanaryOutcome.Restored), status with { Phase = CanaryPhase.Restored }, CanaryReasons.Restored(target, status.RunId));
        if (now > until)
        {
            var reason = CanaryReasons.RollbackDeadline(policy.RollbackDeadline, stable.Healthy, status.StableSize);
            return Decision(new Done(CanaryOutcome.Failed), status with { Phase = CanaryPhase.Failed, AbortReason = reason }, reason);
        }
        return Decision(new Wait(WaitFor.StableRestored, until), status, CanaryReasons.WaitingForRestore(stable.Healthy, status.StableSize, until));
    }
}

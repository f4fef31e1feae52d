using static Delivery.Core.Canary.CanaryAction;

namespace Delivery.Core.Canary;

// Promotion and rollback: the phases that end a run. Both wait on Marathon with a deadline, because Marathon never
// fails a deployment by itself (an unhealthy task is killed and relaunched for as long as the deployment lasts).
public static partial class CanaryPlanner
{
    /// <summary>
    /// Roll stable to the canary's digest at its full size while the canary keeps serving (a safe hand-off: the
    /// canary goes only once the new stable is ready), then wait for Marathon's deployment to finish healthy.
    /// </summary>
    private static CanaryDecision Promote(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        if (observed.Stable is not { } stable) return Pause(status, PauseKind.Person, CanaryReasons.StableMissing(null));
        var release = status.Canary!;
        var until = (status.StepStartedAt ?? now) + policy.PromotionDeadline;
        if (now > until)
            return Abort(policy, status, observed, now, CanaryReasons.PromotionDeadline(policy.PromotionDeadline));
        if (stable.Digest != release.Digest || stable.Instances != status.StableSize)
            return Decision(new CanaryAction.Promote(release, status.StableSize), status, CanaryReasons.Promoting(release, status.StableSize));
        if (stable.Deploying || stable.Healthy < MinimumHealthy(policy, status.StableSize))
            return Decision(new Wait(WaitFor.StableUpgrade, until), status, CanaryReasons.WaitingForPromotion(stable.Healthy, status.StableSize, until));
        return Finalise(status with { Phase = CanaryPhase.Finalising, StableTarget = status.StableSize }, observed);
    }

    private static CanaryDecision Finalise(CanaryStatus status, ObservedState observed) =>
        observed.Canary is { } canary
            ? Decision(new FinishPromotion(canary.Id), status, CanaryReasons.RemovingCanary(canary.Id))
            : Decision(new Done(CanaryOutcome.Promoted), status with { Phase = CanaryPhase.Promoted }, CanaryReasons.Promoted(status.Canary!));

    /// <summary>Moves the run to rolling back (once; the first reason is kept) and decides the first rollback move.</summary>
    private static CanaryDecision Abort(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now, CanaryReason reason) =>
        RollBack(policy, status.Abort(reason, now), observed, now);

    /// <summary>
    /// Restore stable (size, and digest if a promotion had begun) and remove the canary, then wait for stable to be
    /// healthy again. The action is repeated until Marathon shows it done, so a run killed half-way is finished by
    /// the next; only the wait for health has a deadline, after which a person must look.
    /// </summary>
    private static CanaryDecision RollBack(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        if (observed.Stable is not { } stable)
            return Decision(new PauseForPerson(), status, CanaryReasons.StableMissing(null));
        var restoreImage = stable.Digest != status.Stable!.Digest;
        if (restoreImage || stable.Instances != status.StableSize || observed.Canary is not null)
            return Decision(new CanaryAction.RollBack(status.Stable, status.StableSize, restoreImage, observed.Canary?.Id),
                status with { StableTarget = status.StableSize }, CanaryReasons.RollingBack(Cause(status)));
        var until = (status.StepStartedAt ?? now) + policy.RollbackDeadline;
        var minimum = MinimumHealthy(policy, status.StableSize);
        if (!stable.Deploying && stable.Healthy >= minimum)
            return Decision(new Done(CanaryOutcome.RolledBack), status with { Phase = CanaryPhase.RolledBack }, CanaryReasons.RolledBack(Cause(status)));
        if (now > until)
        {
            var reason = CanaryReasons.RollbackDeadline(policy.RollbackDeadline, stable.Healthy, status.StableSize);
            return Decision(new Done(CanaryOutcome.Failed), status with { Phase = CanaryPhase.Failed, AbortReason = reason }, reason);
        }
        return Decision(new Wait(WaitFor.StableRestored, until), status, CanaryReasons.WaitingForRollback(stable.Healthy, status.StableSize, until));
    }
}

using Delivery.Core.Gates;
using static Delivery.Core.Canary.CanaryAction;

namespace Delivery.Core.Canary;

/// <summary>
/// Decides the next move of a canary run from the policy, the status (the run's only memory), what Marathon shows
/// and the time. Pure: no I/O, no clock, so every transition is a table test. It is level-triggered like Argo
/// Rollouts' reconciler: each pass re-derives everything from its inputs, the same inputs give the same decision,
/// and a pass after the action has taken effect asks for nothing new. Whatever a killed run left behind (any
/// status, a half-made canary, stable scaled down, a promotion half done, a canary with no status), the next
/// pass finishes or undoes it. Partial files: steps, gates, and the endings (promotion and rollback).
/// </summary>
public static partial class CanaryPlanner
{
    public static CanaryDecision Decide(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now) =>
        status.Phase switch
        {
            CanaryPhase.Unknown => Recover(policy, observed, now),
            CanaryPhase.Idle => Decision(new Done(CanaryOutcome.Idle), status, CanaryReasons.Idle),
            CanaryPhase.Promoted => Decision(new Done(CanaryOutcome.Promoted), status, CanaryReasons.Promoted(status.Canary!)),
            CanaryPhase.RolledBack => Decision(new Done(CanaryOutcome.RolledBack), status, CanaryReasons.RolledBack(Cause(status))),
            CanaryPhase.Failed => Decision(new Done(CanaryOutcome.Failed), status, status.AbortReason ?? CanaryReasons.RolledBack(Cause(status))),
            CanaryPhase.Promoting => Promote(policy, status, observed, now),
            CanaryPhase.Finalising => Finalise(status, observed),
            CanaryPhase.RollingBack => RollBack(policy, status, observed, now),
            CanaryPhase.Launching => Launch(policy, status, observed, now),
            CanaryPhase.Restoring => Restore(policy, status, observed, now),
            CanaryPhase.Restored => Decision(new Done(CanaryOutcome.Restored), status, CanaryReasons.Restored(status.Target!, status.RunId)),
            _ => Progress(policy, status, observed, now),
        };

    /// <summary>
    /// No readable status. A canary app describes itself (<see cref="CanaryAppLabels"/>): if stable already runs its
    /// release, healthy and at full size, only the canary's removal was left, so the promotion is finished;
    /// otherwise the run is undone. With no canary app there is nothing in flight: Delivery only scales stable
    /// down while a canary exists, and restores stable before removing the canary.
    /// </summary>
    private static CanaryDecision Recover(CanaryPolicy policy, ObservedState observed, DateTimeOffset now)
    {
        if (observed.Canary is not { } canary) return Decision(new Done(CanaryOutcome.Idle), CanaryStatus.Idle, CanaryReasons.Idle);
        if (CanaryAppLabels.TryRead(canary.Labels) is not { } facts)
            return Decision(new PauseForPerson(), CanaryStatus.Unknown, CanaryReasons.UnknownCanary(canary.Id));
        var status = new CanaryStatus
        {
            Phase = CanaryPhase.RollingBack, RunId = facts.RunId, SpecHash = CanarySpecHash.Of(policy), StepStartedAt = now,
            Stable = facts.Stable, Canary = facts.Canary, StableSize = facts.StableSize, StableTarget = facts.StableSize,
            AbortReason = CanaryReasons.OrphanedCanary(canary.Id),
        };
        var promoted = observed.Stable is { } stable && stable.Digest == facts.Canary.Digest && !stable.Deploying
            && stable.Instances == facts.StableSize && stable.Healthy >= MinimumHealthy(policy, facts.StableSize);
        return promoted
            ? Finalise(status with { Phase = CanaryPhase.Finalising, AbortReason = null }, observed)
            : RollBack(policy, status, observed, now);
    }

    private static CanaryDecision Decision(CanaryAction action, CanaryStatus status, CanaryReason reason, IReadOnlyList<ZoneVerdict>? verdicts = null) =>
        new(action, status, reason, verdicts ?? []);

    private static CanaryDecision Pause(CanaryStatus status, PauseKind kind, CanaryReason reason, IReadOnlyList<ZoneVerdict>? verdicts = null) =>
        Decision(new PauseForPerson(), status with { Phase = CanaryPhase.Paused, Pause = new CanaryPause(kind, reason) }, reason, verdicts);

    private static string Cause(CanaryStatus status) => status.AbortReason?.Message ?? "no reason recorded";

    private static int MinimumHealthy(CanaryPolicy policy, int stableSize) =>
        CapacityCalculator.MinimumHealthy(policy.MinimumHealthyCapacity, stableSize);
}

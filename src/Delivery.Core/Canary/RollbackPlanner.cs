using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>What a Rollback run will do, decided before it takes the lease or writes anything.</summary>
public abstract record RollbackPlan
{
    /// <summary>Nothing to do: the state already is what this Rollback would make it (or there is nothing to undo).</summary>
    public sealed record Nothing(string Reason, bool WasUndo) : RollbackPlan;

    /// <summary>It cannot be done; nothing was touched.</summary>
    public sealed record Refused(string Problem) : RollbackPlan;

    /// <summary>Write <paramref name="Intent"/> as the run status (before any other write), then reconcile to it.</summary>
    public sealed record Act(CanaryStatus Intent, string Say) : RollbackPlan;
}

/// <summary>What a Rollback needs to know of the stable app: the live release, its history and its size.</summary>
/// <param name="RestoredBy">The rollback run whose restore put the live release there (the stable app's own label), if any.</param>
public sealed record StableFacts(Release? Live, Digest? Digest, ImageReference Image, ReleaseHistory History, int Instances, string? RestoredBy = null);

/// <summary>
/// Decides a Rollback, purely, so that it is idempotent: the intent and the target are chosen from the state once and
/// written to the run status before any other write; a Rollback run again (after a kill, a timeout, or just twice)
/// finds that intent and converges to the same target instead of going one release further back.
/// <list type="bullet">
/// <item>A run in flight (a canary, or a promotion) is aborted: stable back to what it was. With <c>--to</c>, it is
/// aborted and then the chosen release restored, in the same run.</item>
/// <item>A rollback or restore a killed run left unfinished is finished, to the same target.</item>
/// <item>Otherwise the newest good release before the live one (or <c>--to</c>) is restored, unless the last Rollback
/// already restored it and it is still live: then there is nothing to do.</item>
/// <item>After a Deploy in the same invocation (<paramref name="undoRuns"/>), only what that Deploy left in flight is
/// undone: nothing, if it never got as far as Marathon.</item>
/// </list>
/// </summary>
public static class RollbackPlanner
{
    public static RollbackPlan Decide(CanaryStatus status, StableFacts? stable, bool canaryExists, string? to,
        IReadOnlyCollection<string>? undoRuns, string runId, string holder, DateTimeOffset now)
    {
        var inFlight = status.InFlight(canaryExists);
        var requested = CanaryReasons.RollbackRequested(holder, null);
        if (undoRuns is not null)
        {
            if (!inFlight || status.RunId is not { } run || !undoRuns.Contains(run))
                return new RollbackPlan.Nothing("The deploy left nothing in flight in Marathon; nothing to undo.", WasUndo: true);
            // Undoing a deploy that stopped (cancelled, timed out) is no verdict on its release.
            return Abort(status, CanaryReasons.DeployUndone(holder), runId, now);
        }
        if (inFlight && status.Phase == CanaryPhase.Launching)
            return new RollbackPlan.Refused("the first release of this pipeline is still starting: there is no earlier release to go back to.");
        if (inFlight && status.Phase is CanaryPhase.Restoring or CanaryPhase.RollingBack && (to is null || SameTarget(status, stable, to)))
            return new RollbackPlan.Act(status with { RunId = runId, StepStartedAt = now },
                status.Phase == CanaryPhase.Restoring ? $"finishing the unfinished restore of {Describe(status.Target!)}" : "finishing the unfinished rollback of the canary");
        if (stable is null) return new RollbackPlan.Refused("Marathon has no stable app for this pipeline.");
        if (inFlight && to is null) return Abort(status, requested, runId, now);
        if (!inFlight && to is null && status.Phase == CanaryPhase.Restored && status.Target is { } done && done.Digest == stable.Digest)
            return new RollbackPlan.Nothing($"{Describe(done)} is live: run {status.RunId} restored it. To go further back, name a release with --to.", WasUndo: false);
        if (!inFlight && to is null && stable.RestoredBy is { } restorer)
            return new RollbackPlan.Nothing($"{stable.Live?.ToString() ?? "the live release"} is live: run {restorer} restored it. To go further back, name a release with --to.", WasUndo: false);
        var choice = RollbackTargets.Choose(stable.History, stable.Digest, to);
        if (choice.Target is not { } target) return new RollbackPlan.Refused(choice.Problem!);
        var size = inFlight && status.StableSize > 0 ? status.StableSize : stable.Instances;
        var intent = new CanaryStatus
        {
            Phase = CanaryPhase.Restoring, RunId = runId, StepStartedAt = now, Stable = stable.Live, Canary = inFlight ? status.Canary : null,
            StableSize = size, StableTarget = size, Target = target,
            AbortReason = CanaryReasons.RollbackRequested(holder, Describe(target)),
        };
        return new RollbackPlan.Act(intent, $"restoring {Describe(target)}{(inFlight ? " after removing the canary in flight" : "")}");
    }

    private static RollbackPlan Abort(CanaryStatus status, CanaryReason reason, string runId, DateTimeOffset now) =>
        status.Phase == CanaryPhase.Unknown
            ? new RollbackPlan.Act(status, "undoing the run a killed deploy left (its status is unreadable; the canary app says what it replaced)")
            : new RollbackPlan.Act(status.Abort(reason, now) with { RunId = runId }, $"aborting the canary of {status.Canary?.ToString() ?? "an unknown release"}");

    private static bool SameTarget(CanaryStatus status, StableFacts? stable, string to) =>
        status.Target is { } target && stable is not null && RollbackTargets.Matches(target, to);

    public static string Describe(HistoryEntry entry) => $"{Release.TagFor(entry.Commit, entry.Dirty)[..12]} ({entry.Digest})";
}

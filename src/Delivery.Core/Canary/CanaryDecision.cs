using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>
/// What one pass decided: the action for the orchestrator to apply, the status to write (always written, so a
/// killed run is picked up where it was), the reason from <see cref="CanaryReasons"/>, and the zone verdicts seen.
/// </summary>
public sealed record CanaryDecision(CanaryAction Action, CanaryStatus Status, CanaryReason Reason, IReadOnlyList<ZoneVerdict> Verdicts)
{
    /// <summary>The metric judgements of this pass, per check and zone (empty before the analysis starts).</summary>
    public IReadOnlyList<Measurement> Metrics { get; init; } = [];

    public override string ToString() => $"{Action.GetType().Name}: {Reason}";
}

/// <summary>The actions the planner can ask for. Each is idempotent: applying it twice has the effect of once.</summary>
public abstract record CanaryAction
{
    /// <summary>Create the canary app (or scale it) at <paramref name="Instances"/>, spread <paramref name="PerZone"/> per zone, with <paramref name="Labels"/>.</summary>
    public sealed record PlaceCanary(Release Release, int PerZone, int Instances, IReadOnlyDictionary<string, string> Labels) : CanaryAction;

    /// <summary>Nothing to do but wait for <paramref name="What"/>; pass again by <paramref name="Until"/> at the latest.</summary>
    public sealed record Wait(WaitFor What, DateTimeOffset Until) : CanaryAction;

    /// <summary>Run the hooks of <paramref name="Phase"/> to their end; the next pass sees their results.</summary>
    public sealed record RunHooks(Hooks.HookPhase Phase) : CanaryAction;

    /// <summary>
    /// Scale the canary app to <paramref name="CanaryInstances"/> and stable to <paramref name="StableInstances"/>: whichever
    /// grows is scaled first, then the one that shrinks, so capacity never dips between the two writes.
    /// </summary>
    public sealed record Grow(int CanaryInstances, int StableInstances) : CanaryAction;

    /// <summary>PUT the stable app with <paramref name="Release"/>'s digest at <paramref name="Instances"/> (a rolling upgrade); keep the canary.</summary>
    public sealed record Promote(Release Release, int Instances) : CanaryAction;

    /// <summary>Delete the canary app: stable runs the new release and is healthy.</summary>
    public sealed record FinishPromotion(string? CanaryAppId) : CanaryAction;

    /// <summary>
    /// Scale stable back to <paramref name="StableInstances"/> first (with <paramref name="Stable"/>'s digest, forced, when
    /// <paramref name="RestoreImage"/>), then delete the canary app <paramref name="CanaryAppId"/> if there is one.
    /// </summary>
    /// <param name="Stable">Needed only with <paramref name="RestoreImage"/>: a restore that aborts a canary first knows no pre-canary image to put back.</param>
    public sealed record RollBack(Release? Stable, int StableInstances, bool RestoreImage, string? CanaryAppId) : CanaryAction;

    /// <summary>PUT the stable app as the pipeline's first release: <paramref name="Release"/> at <paramref name="Instances"/>.</summary>
    public sealed record LaunchStable(Release Release, int Instances) : CanaryAction;

    /// <summary>
    /// PUT the stable app back to <paramref name="Target"/>: its recorded Marathon definition (else the template with its
    /// image), at <paramref name="Instances"/>, forced, starting every new task before an old one stops (healthy
    /// capacity never below 100%); <paramref name="Replaced"/>, the release taken off, is remembered as rolled back.
    /// </summary>
    /// <param name="RunId">The rollback run, written on the stable app as <c>delivery.restored-by</c>: even with the run
    /// status lost, the stable app itself says that its last change was a restore, so a repeated Rollback stops there.</param>
    public sealed record Restore(HistoryEntry Target, int Instances, Release? Replaced, string? RunId = null) : CanaryAction;

    /// <summary>Stop and tell a person; the decision's reason says why.</summary>
    public sealed record PauseForPerson : CanaryAction;

    /// <summary>Stop: <paramref name="Zone"/> failed for stable and canary alike, and the pipeline says pause.</summary>
    public sealed record PauseZoneFailure(Zone Zone) : CanaryAction;

    /// <summary>Nothing in flight any more.</summary>
    public sealed record Done(CanaryOutcome Outcome) : CanaryAction;
}

public enum CanaryOutcome { Idle, Promoted, RolledBack, Failed, Restored }

/// <summary>What a <see cref="CanaryAction.Wait"/> waits for: shown to people, and the engine counts pipeline-asked waits.</summary>
public enum WaitFor { CanaryHealth, Analysis, Metrics, StableUpgrade, StableRestored }

public static class WaitForText
{
    public static string Describe(this WaitFor what) => what switch
    {
        WaitFor.CanaryHealth => "canary health",
        WaitFor.Analysis => "analysis",
        WaitFor.Metrics => "metric verdict",
        WaitFor.StableUpgrade => "stable upgrade",
        _ => "stable restored",
    };
}

using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>Where a canary run stands.</summary>
public enum CanaryPhase
{
    /// <summary>No readable status: re-observe Marathon and finish or undo whatever is there.</summary>
    Unknown,
    /// <summary>No run in flight.</summary>
    Idle,
    /// <summary>Working through the steps (place, wait, grow) at <see cref="CanaryStatus.StepIndex"/>.</summary>
    Progressing,
    /// <summary>Stopped for a person: a pause step, a zone failure or inconclusive gates.</summary>
    Paused,
    /// <summary>The stable app is being rolled to the canary's digest.</summary>
    Promoting,
    /// <summary>Stable runs the new release and is healthy; the canary app is being removed.</summary>
    Finalising,
    /// <summary>Stable is being restored and the canary removed.</summary>
    RollingBack,
    /// <summary>Done: the canary's release is the stable release.</summary>
    Promoted,
    /// <summary>Done: stable restored, canary gone.</summary>
    RolledBack,
    /// <summary>Done, badly: the restored stable app did not become healthy within the rollback deadline.</summary>
    Failed,
    /// <summary>The first release of a pipeline is starting as its stable app (there is nothing to compare a canary with).</summary>
    Launching,
    /// <summary>A rollback restores <see cref="CanaryStatus.Target"/> on the stable app (a canary in flight goes first).</summary>
    Restoring,
    /// <summary>Done: <see cref="CanaryStatus.Target"/> runs on the stable app, healthy at full size.</summary>
    Restored,
}

/// <summary>
/// The only memory of a canary run (Argo's <c>RolloutStatus</c>, Flagger's <c>CanaryStatus</c>): each pass re-reads
/// the world and this, decides, and writes this once. It is kept as Marathon labels (<see cref="CanaryStatusLabels"/>)
/// so every CI runner sees it and a killed run can be finished or undone by the next one.
/// </summary>
public sealed record CanaryStatus
{
    public CanaryPhase Phase { get; init; } = CanaryPhase.Unknown;

    /// <summary>Names the run that wrote this status (also on the lease and the canary app).</summary>
    public string? RunId { get; init; }

    /// <summary>The lease epoch of the run that wrote this status: a write from an older epoch that lands late is stale.</summary>
    public long Epoch { get; init; }

    /// <summary>What <see cref="CanaryPhase.Restoring"/> restores, with its Marathon version (a launch starts <see cref="Canary"/>).</summary>
    public HistoryEntry? Target { get; init; }

    /// <summary>Hash of the steps the run started with (<see cref="CanarySpecHash"/>); a change restarts the steps.</summary>
    public string? SpecHash { get; init; }

    public int StepIndex { get; init; }

    /// <summary>When the current step (or phase, for promotion and rollback) began: deadlines count from here.</summary>
    public DateTimeOffset? StepStartedAt { get; init; }

    /// <summary>The release stable ran when the run began: what rollback restores.</summary>
    public Release? Stable { get; init; }

    /// <summary>The release under test.</summary>
    public Release? Canary { get; init; }

    /// <summary>Stable's instance count when the run began: what rollback and promotion restore.</summary>
    public int StableSize { get; init; }

    /// <summary>Canary instances asked for in each zone (0 before placement).</summary>
    public int CanaryPerZone { get; init; }

    /// <summary>Stable instances asked for now (below <see cref="StableSize"/> only while grown).</summary>
    public int StableTarget { get; init; }

    /// <summary>Zones dropped after a zone failure under <see cref="ZoneFailurePolicy.ContinueWithoutZone"/>.</summary>
    public ValueList<Zone> ExcludedZones { get; init; } = ValueList<Zone>.Empty;

    /// <summary>The failed zone a <see cref="ZoneFailurePolicy.Pause"/> stopped on.</summary>
    public Zone? PausedZone { get; init; }

    /// <summary>Since when gates have answered Error without a break (null when the last answer was not Error).</summary>
    public DateTimeOffset? ErrorsSince { get; init; }

    /// <summary>Since when gates have answered Inconclusive without a break.</summary>
    public DateTimeOffset? InconclusiveSince { get; init; }

    /// <summary>When the canaries were first healthy in every zone (and smoke-tested): the metric analysis counts from here.</summary>
    public DateTimeOffset? AnalysisStartedAt { get; init; }

    /// <summary>The pre-rollout hooks passed; a resumed run does not run them again.</summary>
    public bool SmokeTested { get; init; }

    /// <summary>The confirm-promotion hooks passed.</summary>
    public bool PromotionConfirmed { get; init; }

    /// <summary>A person resumed a run the analysis or a promotion gate had stopped: they, not the metrics, approve it.</summary>
    public bool ApprovedByPerson { get; init; }

    /// <summary>Why the run is <see cref="CanaryPhase.Paused"/>: what kind of pause, and the reason people read.</summary>
    public CanaryPause? Pause { get; init; }

    public CanaryReason? PauseReason => Pause?.Reason;
    public CanaryReason? AbortReason { get; init; }

    public bool IsDone => Phase is CanaryPhase.Idle or CanaryPhase.Promoted or CanaryPhase.RolledBack or CanaryPhase.Failed or CanaryPhase.Restored;

    /// <summary>A run is in flight; an unreadable status counts as one when a canary app exists (it says what it replaced).</summary>
    public bool InFlight(bool canaryExists) => Phase == CanaryPhase.Unknown ? canaryExists : !IsDone;

    /// <summary>
    /// A run taken over from a killed one restarts the clock of the step it was on: the time the run lay dead (until
    /// its lease expired) is not the canary's fault and must not count against its health or promotion deadline.
    /// </summary>
    public CanaryStatus TakenOver(DateTimeOffset now) =>
        Phase is CanaryPhase.Progressing or CanaryPhase.Promoting or CanaryPhase.Launching ? this with { StepStartedAt = now } : this;

    public static CanaryStatus Unknown { get; } = new();
    public static CanaryStatus Idle { get; } = new() { Phase = CanaryPhase.Idle };

    /// <summary>A new run of <paramref name="candidate"/> beside <paramref name="stable"/> running <paramref name="stableSize"/> instances.</summary>
    public static CanaryStatus Begin(
        string runId, CanaryPolicy policy, Release stable, Release candidate, int stableSize, DateTimeOffset now) => new()
    {
        Phase = CanaryPhase.Progressing, RunId = runId, SpecHash = CanarySpecHash.Of(policy), StepIndex = 0,
        StepStartedAt = now, Stable = stable, Canary = candidate, StableSize = stableSize, StableTarget = stableSize,
    };

    /// <summary>A person resumes: past a pause step, or back into the zone or gates that stopped the run.</summary>
    public CanaryStatus Resume(DateTimeOffset now)
    {
        if (Phase != CanaryPhase.Paused) return this;
        var pastPauseStep = PausedZone is null && Pause?.Kind == PauseKind.Step;
        // With every zone dropped there is nothing to judge: resuming means trying all zones again.
        var allZonesAgain = Pause?.Kind == PauseKind.NoZonesLeft;
        // A person resuming what the analysis could not decide, or what a promotion gate refused, is the approval.
        var approves = Pause?.Kind is PauseKind.AnalysisInconclusive or PauseKind.PromotionRefused;
        return this with
        {
            Phase = CanaryPhase.Progressing, StepIndex = pastPauseStep ? StepIndex + 1 : StepIndex, StepStartedAt = now,
            PausedZone = null, Pause = null, InconclusiveSince = null, ErrorsSince = null,
            ExcludedZones = allZonesAgain ? ValueList<Zone>.Empty : ExcludedZones,
            ApprovedByPerson = ApprovedByPerson || approves,
        };
    }

    /// <summary>A person (or a Rollback run pre-empting this one) aborts: stable is restored, the canary removed.</summary>
    public CanaryStatus Abort(CanaryReason reason, DateTimeOffset now) =>
        IsDone || Phase is CanaryPhase.RollingBack or CanaryPhase.Restoring ? this
            : this with { Phase = CanaryPhase.RollingBack, AbortReason = reason, StepStartedAt = now, Pause = null };
}

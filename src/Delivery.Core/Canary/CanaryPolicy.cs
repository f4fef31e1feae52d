namespace Delivery.Core.Canary;

/// <summary>
/// The canary plan of one pipeline: the <c>canary:</c> section of <c>pipelines/&lt;name&gt;.yaml</c>. Spec only,
/// never written by the engine; what a run has done so far lives in <see cref="CanaryStatus"/>.
/// Every member has a default so a pipeline can name only what it changes. Members are only ever added
/// (with defaults), never renamed: pipelines and status hashes depend on them.
/// </summary>
public sealed record CanaryPolicy
{
    /// <summary>Canary instances started in every zone by the <see cref="PlaceStep"/> step.</summary>
    public int InstancesPerZone { get; init; } = 1;

    /// <summary>The moves of the plan, in order. The default places canaries, watches them, then promotes.</summary>
    public IReadOnlyList<CanaryStep> Steps { get; init; } = DefaultSteps;

    /// <summary>When canary tasks count as unhealthy, crash-looping, or too slow to become healthy.</summary>
    public HealthGatePolicy Health { get; init; } = new();

    /// <summary>How long the rolling upgrade of the stable app to the new digest may take before it is undone.</summary>
    public TimeSpan PromotionDeadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long restoring the stable app (scale back, canary removed) may take before the run fails loudly.</summary>
    public TimeSpan RollbackDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Fraction of the stable app's size that must stay healthy (stable + canary together) while the canary grows,
    /// in (0, 1]. 1.0 means stable is only scaled down by canary instances that are already healthy.
    /// </summary>
    public double MinimumHealthyCapacity { get; init; } = 1.0;

    /// <summary>What to do when stable and canary both fail in one zone (the zone is broken, not the release).</summary>
    public ZoneFailurePolicy OnZoneFailure { get; init; } = ZoneFailurePolicy.Pause;

    /// <summary>Gate results that may be <c>Error</c> (could not measure) or <c>Inconclusive</c> before the run rolls back.</summary>
    public GateLimits Limits { get; init; } = new();

    /// <summary>How the canary is judged by its metrics against stable, per zone (empty: health gates only).</summary>
    public Analysis.AnalysisPolicy Analysis { get; init; } = new();

    /// <summary>The hooks of the run (the environment's, then the pipeline's): smoke tests, load, promotion gates.</summary>
    public IReadOnlyList<Hooks.HookSpec> Hooks { get; init; } = [];

    public IReadOnlyList<Hooks.HookSpec> HooksAt(Hooks.HookPhase phase) => Hooks.Where(h => h.Phase == phase).ToList();

    /// <summary>Place canaries, watch them for five minutes, promote.</summary>
    public static IReadOnlyList<CanaryStep> DefaultSteps { get; } =
        [new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(5)), new PromoteStep()];
}

/// <summary>One move of the canary plan.</summary>
public abstract record CanaryStep;

/// <summary>Create the canary app with <see cref="CanaryPolicy.InstancesPerZone"/> instances in every zone, and wait until they are healthy.</summary>
public sealed record PlaceStep : CanaryStep;

/// <summary>Let the canary run for <paramref name="Duration"/> while the gates keep watching.</summary>
public sealed record WaitStep(TimeSpan Duration) : CanaryStep;

/// <summary>
/// Grow the canary to <paramref name="Weight"/> percent (1–99) of the service's instances, the same count in each
/// zone, scaling stable down by as many (but never below its own share) and only as fast as canaries turn healthy,
/// so healthy capacity stays at or above the minimum. <see cref="CapacityCalculator"/> has the formula.
/// </summary>
public sealed record GrowStep(int Weight) : CanaryStep;

/// <summary>
/// Stop until a person resumes the run (or rolls it back). <paramref name="Reason"/> is shown to them. With a
/// <paramref name="Timeout"/>, nobody acting within it gets <paramref name="OnTimeout"/> (applied by <c>Reconcile</c>,
/// which a scheduled CI job runs), so an unattended run still finishes.
/// </summary>
public sealed record PauseStep(string? Reason = null, TimeSpan? Timeout = null, PauseTimeoutAction OnTimeout = PauseTimeoutAction.Rollback) : CanaryStep;

/// <summary>What a pause step does when its timeout passes with nobody acting.</summary>
public enum PauseTimeoutAction { Rollback, Promote }

/// <summary>Roll the stable app to the canary's digest, wait until it is healthy, then remove the canary app.</summary>
public sealed record PromoteStep : CanaryStep;

/// <summary>The health gate's thresholds, applied per zone to the canary's tasks.</summary>
public sealed record HealthGatePolicy
{
    /// <summary>How long after placement (or growth) the expected canary instances may take to all be healthy.</summary>
    public TimeSpan HealthyDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>More than this many task failures within <see cref="CrashLoopWindow"/> in one zone is a crash loop.</summary>
    public int CrashLoopRestarts { get; init; } = 2;

    /// <summary>The window crash-loop failures are counted in.</summary>
    public TimeSpan CrashLoopWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A canary task whose health check failed this many times in a row (or more) fails the zone.</summary>
    public int MaxConsecutiveHealthFailures { get; init; } = 3;
}

/// <summary>
/// Limits for gate results that are not a verdict on the release (Argo Rollouts' <c>consecutiveErrorLimit</c> and
/// <c>inconclusiveLimit</c>): a flaky metrics server must not promote, nor roll back on its first hiccup.
/// </summary>
/// <param name="MaxConsecutiveErrors">More consecutive <c>Error</c> results than this roll back.</param>
/// <param name="MaxInconclusive">More <c>Inconclusive</c> results than this in one run pause for a person.</param>
public sealed record GateLimits(int MaxConsecutiveErrors = 4, int MaxInconclusive = 3);

/// <summary>What a zone failure (stable and canary both failing there) does to the run.</summary>
public enum ZoneFailurePolicy
{
    /// <summary>Stop and wait for a person; nothing is promoted or rolled back automatically.</summary>
    Pause,

    /// <summary>Judge the release on the other zones only; the failed zone's data never counts towards promotion.</summary>
    ContinueWithoutZone,
}

/// <summary>How a measured value must relate to its threshold for the check to pass.</summary>
public enum Comparison { LessThan, LessOrEqual, GreaterThan, GreaterOrEqual }

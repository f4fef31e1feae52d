using System.Globalization;
using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>A reason for a decision: a stable code (greppable, for reports and status) and a sentence for people.</summary>
public sealed record CanaryReason(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>
/// The one catalogue of reasons and message templates (Argo Rollouts' <c>conditions.go</c>): progress lines,
/// summary notes, reports and the status labels all take their words from here, so they agree and tests can pin them.
/// </summary>
public static class CanaryReasons
{
    // Steps and progress.
    public static CanaryReason Placing(int perZone, IReadOnlyList<Zone> zones) =>
        new("PlacingCanary", $"Placing {perZone} canary instance(s) in each of {zones.Count} zone(s): {string.Join(", ", zones)}.");
    public static CanaryReason WaitingForHealth(string zones) =>
        new("WaitingForCanaryHealth", $"Waiting for canary instances to become healthy ({zones}).");
    public static CanaryReason StepCompleted(int index, int count, CanaryStep step) =>
        new("StepCompleted", $"Step {index + 1}/{count} completed ({Describe(step)}).");
    public static CanaryReason Watching(int index, int count, TimeSpan duration, DateTimeOffset until) =>
        new("Watching", $"Step {index + 1}/{count}: watching the canary for {Span(duration)}, until {Time(until)}.");
    public static CanaryReason Growing(int weight, int canary, int stable) =>
        new("Growing", $"Growing the canary to {weight}%: {canary} canary and {stable} stable instance(s).");
    public static CanaryReason HoldingCapacity(int canaryHealthy, int minimum) =>
        new("HoldingCapacity", $"Keeping stable up until more canaries are healthy ({canaryHealthy} healthy; at least {minimum} healthy instance(s) required).");
    public static CanaryReason SpecChanged =>
        new("SpecChanged", "The pipeline's canary steps changed during the run; starting the steps again from the first.");

    // Pauses.
    public static CanaryReason PausedByStep(string? reason, DateTimeOffset? timesOutAt = null, PauseTimeoutAction onTimeout = PauseTimeoutAction.Rollback) =>
        new(PausedByPipelineCode, (reason is null ? "Paused by the pipeline until a person resumes or rolls back." : $"Paused by the pipeline: {reason}")
            + (timesOutAt is { } at ? $" Unless a person acts, it {(onTimeout == PauseTimeoutAction.Rollback ? "rolls back" : "is promoted")} at {at:yyyy-MM-dd HH:mm:ss} UTC (./build.sh Reconcile applies it)." : ""));
    public const string PausedByPipelineCode = "PausedByPipeline", PauseTimedOutCode = "PauseTimedOut";
    public static CanaryReason PauseTimedOut(TimeSpan timeout, PauseTimeoutAction onTimeout) =>
        new(PauseTimedOutCode, $"Nobody resumed or rolled back the run within the pause's {Span(timeout)}: {(onTimeout == PauseTimeoutAction.Rollback ? "rolling back" : "going on to promotion")}, as the pipeline says.");
    public static CanaryReason ZoneFailure(Zone zone, string detail) =>
        new(ZoneFailureCode, $"Zone {zone} failed for stable and canary alike (a zone problem, not the release): {detail}");
    public static CanaryReason ZoneExcluded(Zone zone, string detail) =>
        new("ZoneExcluded", $"Going on without zone {zone}, which failed for stable and canary alike; its data no longer counts: {detail}");
    public static CanaryReason NoZonesLeft =>
        new(NoZonesLeftCode, "Every zone has failed for stable and canary alike; nothing left to judge the release on.");
    public const string AnalysisInconclusiveCode = "AnalysisInconclusive", PromotionRefusedCode = "PromotionRefused",
        ZoneFailureCode = "ZoneFailure", NoZonesLeftCode = "NoZonesLeft";

    public const string SupersededCode = "Superseded", UndoneCode = "DeployUndone", OrphanedCanaryCode = "OrphanedCanary", CanaryMissingCode = "CanaryMissing";

    /// <summary>
    /// Whether a canary rolled back for <paramref name="code"/> was judged bad (by its gates or a person), as opposed to
    /// undone for reasons that say nothing against its release: a newer deploy, an interrupted run cleaned up.
    /// </summary>
    public static CanaryReason Superseded(Release candidate) => new(SupersededCode, $"Superseded by a deploy of {candidate}.");
    public static CanaryReason DeployUndone(string holder) => new(UndoneCode, $"Undoing what the deploy left in flight, for {holder}.");
    public static CanaryReason RollbackRequested(string holder, string? target) =>
        new("RollbackRequested", target is null ? $"Rollback requested by {holder}." : $"Rollback to {target} requested by {holder}.");

    public static bool IsVerdict(string? code) =>
        code is not (SupersededCode or UndoneCode or PauseTimedOutCode or OrphanedCanaryCode or CanaryMissingCode or null);
    public static CanaryReason AnalysisInconclusive(string detail) =>
        new(AnalysisInconclusiveCode, $"The analysis could not decide in time, so nothing is promoted: {detail}");
    public static CanaryReason PromotionRefused(string detail) =>
        new(PromotionRefusedCode, $"A confirm-promotion hook refused: {detail}");
    public static CanaryReason MetricsUnreadable(int limit, string detail) =>
        new("MetricsUnreadable", $"Metrics could not be read for more than {limit} interval(s) in a row, so nothing is promoted: {detail}");
    public static CanaryReason TooManyInconclusive(int limit, string detail) =>
        new("Inconclusive", $"Gates stayed inconclusive for more than {limit} interval(s): {detail}");
    public static CanaryReason StableMissing(string? id) =>
        new("StableMissing", $"The stable app {id ?? "(unknown)"} is missing from Marathon; a person must look before anything changes.");
    public static CanaryReason CanaryMismatch(string id, Digest? found, Digest expected) =>
        new("CanaryMismatch", $"Canary app {id} runs {found?.ToString() ?? "no digest"}, not this run's {expected}; a person must look.");

    // Hooks and analysis.
    public static CanaryReason RunningHooks(Hooks.HookPhase phase, int count) =>
        new("RunningHooks", $"Running {count} {Hooks.HookSpec.PhaseName(phase)} hook(s).");
    public static CanaryReason AnalysisStarted(DateTimeOffset until) =>
        new("AnalysisStarted", $"Canaries healthy in every zone: the metric analysis starts (a verdict is due by {Time(until)}).");
    public static CanaryReason AwaitingAnalysis(string pending, DateTimeOffset until) =>
        new("AwaitingAnalysis", $"Waiting for the metric analysis to pass in every zone, until {Time(until)}: {pending}");

    // Promotion.
    public static CanaryReason Promoting(Release release, int instances) =>
        new("Promoting", $"Promoting {release}: rolling the stable app to {release.Digest} at {instances} instance(s).");
    public static CanaryReason WaitingForPromotion(int healthy, int instances, DateTimeOffset until) =>
        new("WaitingForPromotion", $"Waiting for the upgraded stable app to be healthy ({healthy}/{instances}), until {Time(until)}.");
    public static CanaryReason RemovingCanary(string? id) =>
        new("RemovingCanary", $"Stable runs the new release and is healthy; removing the canary app {id}.");
    public static CanaryReason Promoted(Release release) => new("Promoted", $"Promoted {release} ({release.Digest}).");

    // Rollback.
    public static CanaryReason ReleaseFailure(Zone zone, string detail) =>
        new("ReleaseFailure", $"The canary failed in zone {zone} while stable there is healthy: {detail}");
    public static CanaryReason MetricFailed(string gate, string detail) => new("MetricFailed", $"Metric {gate} failed: {detail}");
    public static CanaryReason SmokeTestFailed(string detail) => new("SmokeTestFailed", $"A pre-rollout hook failed: {detail}");
    public static CanaryReason TooManyErrors(int limit, string detail) =>
        new("TooManyGateErrors", $"Gates could not measure for more than {limit} interval(s) in a row: {detail}");
    public static CanaryReason PromotionDeadline(TimeSpan deadline) =>
        new("PromotionDeadlineExceeded", $"The stable app did not become healthy on the new release within {Span(deadline)}.");
    public static CanaryReason OrphanedCanary(string id) =>
        new(OrphanedCanaryCode, $"Found canary app {id} without a readable run status; removing it and restoring stable.");
    public static CanaryReason CanaryMissing(int step) =>
        new(CanaryMissingCode, $"The canary app disappeared during step {step + 1}; restoring stable.");
    public static CanaryReason UnknownCanary(string id) =>
        new("UnknownCanary", $"Found canary app {id} without a run status or labels saying what it replaced; a person must look.");
    public static CanaryReason RollingBack(string cause) => new("RollingBack", $"Rolling back: {cause}");
    public static CanaryReason WaitingForRollback(int healthy, int instances, DateTimeOffset until) =>
        new("WaitingForRollback", $"Waiting for the restored stable app to be healthy ({healthy}/{instances}), until {Time(until)}.");
    public static CanaryReason RollbackDeadline(TimeSpan deadline, int healthy, int instances) =>
        new("RollbackDeadlineExceeded", $"The restored stable app is still not healthy after {Span(deadline)} ({healthy}/{instances}); a person must look.");
    public static CanaryReason RolledBack(string cause) => new("RolledBack", $"Rolled back: {cause}");
    public static CanaryReason Idle => new("Idle", "No canary run is in flight.");

    // First release and restore.
    public static CanaryReason Launching(Release release, int instances) =>
        new("Launching", $"No stable app yet: starting {release} as the first stable release with {instances} instance(s).");
    public static CanaryReason WaitingForLaunch(int healthy, int instances, DateTimeOffset until) =>
        new("WaitingForLaunch", $"Waiting for the first release to be healthy ({healthy}/{instances}), until {Time(until)}.");
    public static CanaryReason Launched(Release release) => new("Promoted", $"{release} is the first stable release ({release.Digest}).");
    public static CanaryReason LaunchDeadline(TimeSpan deadline, int healthy, int instances) =>
        new("LaunchDeadlineExceeded", $"The first release is still not healthy after {Span(deadline)} ({healthy}/{instances}); a person must look.");
    public static CanaryReason AbortingBeforeRestore(string? canaryId) =>
        new("AbortingCanary", $"Removing the canary {canaryId} and scaling stable back before restoring.");
    public static CanaryReason Restoring(HistoryEntry target, int instances) =>
        new("Restoring", $"Restoring {Release.TagFor(target.Commit, target.Dirty)[..12]} ({target.Digest}) on the stable app at {instances} instance(s), new tasks before old ones stop.");
    public static CanaryReason WaitingForRestore(int healthy, int instances, DateTimeOffset until) =>
        new("WaitingForRestore", $"Waiting for the restored release to be healthy ({healthy}/{instances}), until {Time(until)}.");
    public static CanaryReason Restored(HistoryEntry target, string? runId) =>
        new("Restored", $"Restored {Release.TagFor(target.Commit, target.Dirty)[..12]} ({target.Digest}){(runId is null ? "" : $" (run {runId})")}; healthy at full size.");

    // Gate measurement sentences.
    public static string CrashLoopText(Zone zone, int failures, TimeSpan window) =>
        $"{zone}: crash loop, {failures} task failure(s) within {Span(window)}";
    public static string HealthChecksFailingText(Zone zone, int streak) =>
        $"{zone}: a canary task failed {streak} health check(s) in a row";
    public static string NotHealthyAfterGraceText(Zone zone, TaskFact task, HealthCheckTiming timing) =>
        $"{zone}: task {task.Id} is not healthy one interval ({Span(timing.Interval)}) after its grace period ({Span(timing.GracePeriod)})";
    public static string HealthyText(Zone zone, int healthy, int expected) => $"{zone}: {healthy}/{expected} canary instance(s) healthy";
    public static string StartingText(Zone zone, int healthy, int expected) => $"{zone}: {healthy}/{expected} canary instance(s) healthy so far";
    public static string HealthDeadlineText(Zone zone, int healthy, int expected, TimeSpan deadline) =>
        $"{zone}: only {healthy}/{expected} canary instance(s) healthy after {Span(deadline)}";
    public static string StableHealthText(Zone zone, int healthy, int expected, int failures) =>
        $"{zone}: stable has {healthy}/{expected} instance(s) healthy and {failures} recent task failure(s)";
    public static string NoDataText(Zone zone) => $"{zone}: no task facts were reported for this zone";

    public static string Describe(CanaryStep step) => step switch
    {
        PlaceStep => "place canaries",
        WaitStep wait => $"wait {Span(wait.Duration)}",
        GrowStep grow => $"grow to {grow.Weight}%",
        PauseStep => "pause for a person",
        PromoteStep => "promote",
        _ => step.GetType().Name,
    };

    private static string Span(TimeSpan span) =>
        span.TotalSeconds < 120 ? $"{span.TotalSeconds:0}s" : span.TotalMinutes < 120 ? $"{span.TotalMinutes:0.#}m" : $"{span.TotalHours:0.#}h";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}

using Delivery.Core.Analysis;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Canary;

// Gates: per-zone health verdicts and metric judgements, turned into a stop (roll back or pause), a status update
// (zones excluded, error and inconclusive streaks), or nothing.
public static partial class CanaryPlanner
{
    /// <param name="Stop">A decision that ends the pass (roll back, pause), or null to go on with the step.</param>
    /// <param name="Note">Something the pass should say although it goes on (a zone dropped).</param>
    /// <param name="Metrics">The metric judgements of this pass, per check and zone judged.</param>
    private sealed record GateResult(
        IReadOnlyList<ZoneVerdict> Verdicts, CanaryStatus Status, CanaryDecision? Stop = null, CanaryReason? Note = null,
        IReadOnlyList<Measurement>? Metrics = null)
    {
        public IReadOnlyList<Measurement> Judged => Metrics ?? [];
    }

    private static GateResult JudgeGates(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        if (observed.Canary is not { } canary || status.CanaryPerZone == 0) return new GateResult([], status);
        var judged = observed.Zones.Where(zone => !status.ExcludedZones.Contains(zone) && zone != status.PausedZone).ToList();
        var verdicts = judged.Select(zone => JudgeZone(policy, status, observed, zone, now)).ToList();
        // Health facts arrive at the pace Marathon checks them; metric reads at the analysis interval.
        var healthInterval = canary.HealthCheck?.Interval ?? TimeSpan.FromMinutes(1);

        if (verdicts.FirstOrDefault(v => v.Outcome == ZoneOutcome.ReleaseFailure) is { } bad)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.ReleaseFailure(bad.Zone, bad.Canary.Message)), verdicts);

        // Zone failures first: a zone that is down for both tracks says nothing about the release, in health or metrics.
        var zones = ApplyZoneFailures(policy, status, verdicts);
        if (zones.Stop is not null) return zones;
        (status, verdicts) = (zones.Status, zones.Verdicts.ToList());
        var healthyZones = verdicts.Select(v => v.Zone).ToList();
        var metrics = JudgeMetrics(policy, status, observed, healthyZones);

        if (metrics.FirstOrDefault(m => m.Phase == GatePhase.Failed) is { } failed)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.MetricFailed(failed.Gate, failed.Message)), verdicts, metrics);

        var errors = metrics.Where(m => m.Phase == GatePhase.Error).ToList();
        status = status with { ErrorsSince = errors.Count > 0 ? status.ErrorsSince ?? now : null };
        if (status.ErrorsSince is { } errorsSince && now - errorsSince > policy.Analysis.Interval * policy.Limits.MaxConsecutiveErrors)
        {
            var limit = policy.Limits.MaxConsecutiveErrors;
            var stop = policy.Analysis.OnErrors == AnalysisFallback.RollBack
                ? Abort(policy, status, observed, now, CanaryReasons.TooManyErrors(limit, errors[0].Message))
                : Pause(status, PauseKind.Person, CanaryReasons.MetricsUnreadable(limit, errors[0].Message));
            return Stopped(stop, verdicts, metrics);
        }

        // The analysis ran out of time in some zone: never promote on that; the pipeline says whether a person decides.
        if (!status.ApprovedByPerson && metrics.FirstOrDefault(m => m.Phase == GatePhase.Inconclusive) is { } undecided)
        {
            var reason = CanaryReasons.AnalysisInconclusive(undecided.Message);
            var stop = policy.Analysis.OnInconclusive == AnalysisFallback.RollBack ? Abort(policy, status, observed, now, reason) : Pause(status, PauseKind.AnalysisInconclusive, reason);
            return Stopped(stop, verdicts, metrics);
        }

        var inconclusive = verdicts.Where(v => v.Outcome == ZoneOutcome.Inconclusive).Select(v => v.Canary).ToList();
        status = status with { InconclusiveSince = inconclusive.Count > 0 ? status.InconclusiveSince ?? now : null };
        if (status.Phase == CanaryPhase.Progressing && status.InconclusiveSince is { } since
            && now - since > healthInterval * policy.Limits.MaxInconclusive)
            return Stopped(Pause(status, PauseKind.Person, CanaryReasons.TooManyInconclusive(policy.Limits.MaxInconclusive, inconclusive[0].Message)), verdicts, metrics);
        return new GateResult(verdicts, status, Note: zones.Note, Metrics: metrics);
    }

    /// <summary>
    /// The latest read of every check, judged in the zones still in play. Only while the run progresses and the analysis
    /// has begun: before that the canaries were not all serving, after it stable is being changed. The error budget is
    /// split over all of the pipeline's zones, so dropping a zone never loosens the others' thresholds.
    /// </summary>
    private static IReadOnlyList<Measurement> JudgeMetrics(CanaryPolicy policy, CanaryStatus status, ObservedState observed, IReadOnlyList<Zone> zones)
    {
        if (policy.Analysis.IsEmpty || status.Phase != CanaryPhase.Progressing || status.AnalysisStartedAt is not { } started) return [];
        return observed.MetricReadings
            .Select(reading => (reading, check: policy.Analysis.Checks.FirstOrDefault(c => c.Name == reading.Check)))
            .Where(x => x.check is not null)
            .SelectMany(x => MetricJudge.Judge(policy.Analysis, x.check!, x.reading, zones, observed.Zones.Count, policy.Analysis.CountsFrom(started)))
            .ToList();
    }

    /// <summary>
    /// Zones where stable and canary both fail say nothing about the release. Under <see cref="ZoneFailurePolicy.Pause"/>
    /// the run stops on the first; under <see cref="ZoneFailurePolicy.ContinueWithoutZone"/> they are dropped for good
    /// (their data never counts towards promotion), and with no zone left a person decides.
    /// </summary>
    private static GateResult ApplyZoneFailures(CanaryPolicy policy, CanaryStatus status, IReadOnlyList<ZoneVerdict> verdicts)
    {
        var failures = verdicts.Where(v => v.Outcome == ZoneOutcome.ZoneFailure).ToList();
        if (failures.Count == 0) return new GateResult(verdicts, status);
        var first = failures[0];
        if (policy.OnZoneFailure == ZoneFailurePolicy.Pause)
        {
            var reason = CanaryReasons.ZoneFailure(first.Zone, first.Message);
            var paused = status with { Phase = CanaryPhase.Paused, PausedZone = first.Zone, Pause = new CanaryPause(PauseKind.ZoneFailure, reason) };
            return Stopped(Decision(new CanaryAction.PauseZoneFailure(first.Zone), paused, reason), verdicts);
        }
        status = status with { ExcludedZones = new ValueList<Zone>(status.ExcludedZones.Concat(failures.Select(v => v.Zone))) };
        var remaining = verdicts.Where(v => v.Outcome != ZoneOutcome.ZoneFailure).ToList();
        if (remaining.Count == 0) return Stopped(Pause(status, PauseKind.NoZonesLeft, CanaryReasons.NoZonesLeft), failures);
        return new GateResult(remaining, status, Note: CanaryReasons.ZoneExcluded(first.Zone, first.Message));
    }

    private static GateResult Stopped(CanaryDecision decision, IReadOnlyList<ZoneVerdict> verdicts, IReadOnlyList<Measurement>? metrics = null) =>
        new(verdicts, decision.Status, decision with { Verdicts = verdicts, Metrics = metrics ?? [] }, Metrics: metrics);

    /// <summary>
    /// One zone: the canary against what was asked for there, and the stable app against its even share of the zones.
    /// The canary's deadline counts from the step start or its latest task failure, whichever is later, so a
    /// replaced task gets the same time to become healthy as the first one had.
    /// </summary>
    private static ZoneVerdict JudgeZone(CanaryPolicy policy, CanaryStatus status, ObservedState observed, Zone zone, DateTimeOffset now)
    {
        var canary = observed.Canary!;
        var stable = observed.Stable!;
        var canaryTasks = canary.TasksIn(zone);
        var since = canaryTasks.Failures.Where(at => at <= now).Append(status.StepStartedAt ?? now).Max();
        var canaryHealth = HealthGate.Canary(policy.Health, zone, canaryTasks, status.CanaryPerZone, canary.HealthCheck, since, now);
        var stableHealth = HealthGate.Stable(policy.Health, zone, stable.TasksIn(zone), stable.Instances / observed.Zones.Count, now);
        return ZoneJudge.Judge(canaryHealth, stableHealth, canary.Tasks.ContainsKey(zone) || stable.Tasks.ContainsKey(zone));
    }
}

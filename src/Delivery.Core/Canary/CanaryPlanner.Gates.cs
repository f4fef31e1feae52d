using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Canary;

// Gates: per-zone health verdicts and metric measurements, turned into a stop (roll back or pause), a status
// update (zones excluded, error and inconclusive streaks), or nothing.
public static partial class CanaryPlanner
{
    /// <param name="Stop">A decision that ends the pass (roll back, pause), or null to go on with the step.</param>
    /// <param name="Note">Something the pass should say although it goes on (a zone dropped).</param>
    private sealed record GateResult(IReadOnlyList<ZoneVerdict> Verdicts, CanaryStatus Status, CanaryDecision? Stop = null, CanaryReason? Note = null);

    private static GateResult JudgeGates(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        if (observed.Canary is not { } canary || status.CanaryPerZone == 0) return new GateResult([], status);
        var judged = observed.Zones.Where(zone => !status.ExcludedZones.Contains(zone) && zone != status.PausedZone).ToList();
        var verdicts = judged.Select(zone => JudgeZone(policy, status, observed, zone, now)).ToList();
        var metrics = observed.MetricResults.Where(m => m.Zone is null || judged.Contains(m.Zone)).ToList();
        // Measurements are taken once per pass; limits count health-check intervals, the pace Marathon itself checks at.
        var interval = canary.HealthCheck?.Interval ?? TimeSpan.FromMinutes(1);

        if (verdicts.FirstOrDefault(v => v.Outcome == ZoneOutcome.ReleaseFailure) is { } bad)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.ReleaseFailure(bad.Zone, bad.Canary.Message)), verdicts);
        if (metrics.FirstOrDefault(m => m.Phase == GatePhase.Failed) is { } failed)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.MetricFailed(failed.Gate, failed.Message)), verdicts);

        var errors = metrics.Where(m => m.Phase == GatePhase.Error).ToList();
        status = status with { ErrorsSince = errors.Count > 0 ? status.ErrorsSince ?? now : null };
        if (status.ErrorsSince is { } errorsSince && now - errorsSince > interval * policy.Limits.MaxConsecutiveErrors)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.TooManyErrors(policy.Limits.MaxConsecutiveErrors, errors[0].Message)), verdicts);

        var zones = ApplyZoneFailures(policy, status, verdicts);
        if (zones.Stop is not null) return zones;
        (status, verdicts) = (zones.Status, zones.Verdicts.ToList());

        var inconclusive = verdicts.Where(v => v.Outcome == ZoneOutcome.Inconclusive).Select(v => v.Canary)
            .Concat(metrics.Where(m => m.Phase == GatePhase.Inconclusive)).ToList();
        status = status with { InconclusiveSince = inconclusive.Count > 0 ? status.InconclusiveSince ?? now : null };
        if (status.Phase == CanaryPhase.Progressing && status.InconclusiveSince is { } since
            && now - since > interval * policy.Limits.MaxInconclusive)
            return Stopped(Pause(status, CanaryReasons.TooManyInconclusive(policy.Limits.MaxInconclusive, inconclusive[0].Message)), verdicts);
        return new GateResult(verdicts, status, Note: zones.Note);
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
            var paused = status with { Phase = CanaryPhase.Paused, PausedZone = first.Zone, PauseReason = reason };
            return Stopped(Decision(new CanaryAction.PauseZoneFailure(first.Zone), paused, reason), verdicts);
        }
        status = status with { ExcludedZones = new ValueList<Zone>(status.ExcludedZones.Concat(failures.Select(v => v.Zone))) };
        var remaining = verdicts.Where(v => v.Outcome != ZoneOutcome.ZoneFailure).ToList();
        if (remaining.Count == 0) return Stopped(Pause(status, CanaryReasons.NoZonesLeft), failures);
        return new GateResult(remaining, status, Note: CanaryReasons.ZoneExcluded(first.Zone, first.Message));
    }

    private static GateResult Stopped(CanaryDecision decision, IReadOnlyList<ZoneVerdict> verdicts) =>
        new(verdicts, decision.Status, decision with { Verdicts = verdicts });

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

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

        if (verdicts.FirstOrDefault(v => v.Outcome == ZoneOutcome.ReleaseFailure) is { } bad)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.ReleaseFailure(bad.Zone, bad.Canary.Message)));
        if (metrics.FirstOrDefault(m => m.Phase == GatePhase.Failed) is { } failed)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.MetricFailed(failed.Gate, failed.Message)));

        var interval = canary.HealthCheck?.Interval ?? TimeSpan.FromMinutes(1);
        var errors = metrics.Where(m => m.Phase == GatePhase.Error).ToList();
        status = status with { ErrorsSince = errors.Count > 0 ? status.ErrorsSince ?? now : null };
        if (status.ErrorsSince is { } errorsSince && now - errorsSince > interval * policy.Limits.MaxConsecutiveErrors)
            return Stopped(Abort(policy, status, observed, now, CanaryReasons.TooManyErrors(policy.Limits.MaxConsecutiveErrors, errors[0].Message)));

        var zoneFailures = verdicts.Where(v => v.Outcome == ZoneOutcome.ZoneFailure).ToList();
        CanaryReason? note = null;
        if (zoneFailures.Count > 0)
        {
            var first = zoneFailures[0];
            if (policy.OnZoneFailure == ZoneFailurePolicy.Pause)
            {
                var reason = CanaryReasons.ZoneFailure(first.Zone, first.Message);
                var paused = status with { Phase = CanaryPhase.Paused, PausedZone = first.Zone, PauseReason = reason };
                return Stopped(Decision(new CanaryAction.PauseZoneFailure(first.Zone), paused, reason, verdicts));
            }
            status = status with { ExcludedZones = new ValueList<Zone>(status.ExcludedZones.Concat(zoneFailures.Select(v => v.Zone))) };
            verdicts = verdicts.Where(v => v.Outcome != ZoneOutcome.ZoneFailure).ToList();
            note = CanaryReasons.ZoneExcluded(first.Zone, first.Message);
            if (verdicts.Count == 0)
            {
                var stop = Pause(status, CanaryReasons.NoZonesLeft, zoneFailures);
                return new GateResult(zoneFailures, stop.Status, stop);
            }
        }

        var inconclusive = verdicts.Where(v => v.Outcome == ZoneOutcome.Inconclusive).Select(v => v.Canary)
            .Concat(metrics.Where(m => m.Phase == GatePhase.Inconclusive)).ToList();
        status = status with { InconclusiveSince = inconclusive.Count > 0 ? status.InconclusiveSince ?? now : null };
        if (status.Phase == CanaryPhase.Progressing && status.InconclusiveSince is { } since
            && now - since > interval * policy.Limits.MaxInconclusive)
            return Stopped(Pause(status, CanaryReasons.TooManyInconclusive(policy.Limits.MaxInconclusive, inconclusive[0].Message), verdicts));
        return new GateResult(verdicts, status, Note: note);

        GateResult Stopped(CanaryDecision decision) => new(verdicts, decision.Status, decision with { Verdicts = verdicts });
    }

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

using Delivery.Core.Gates;
using Delivery.Core.Hooks;
using static Delivery.Core.Canary.CanaryAction;

namespace Delivery.Core.Canary;

// The steps of the plan: place, wait, grow, pause, promote.
public static partial class CanaryPlanner
{
    private static CanaryDecision Progress(CanaryPolicy policy, CanaryStatus status, ObservedState observed, DateTimeOffset now)
    {
        if (status.SpecHash != CanarySpecHash.Of(policy))
        {
            var restarted = status with
            {
                Phase = CanaryPhase.Progressing, SpecHash = CanarySpecHash.Of(policy), StepIndex = 0, StepStartedAt = now,
                PausedZone = null, Pause = null,
            };
            var next = Progress(policy, restarted, observed, now);
            return next with { Reason = next.Reason with { Message = $"{CanaryReasons.SpecChanged.Message} {next.Reason.Message}" } };
        }
        if (observed.Stable is null) return Pause(status, PauseKind.Person, CanaryReasons.StableMissing(null));
        if (observed.Canary is { } canary && canary.Digest != status.Canary!.Digest)
            return Pause(status, PauseKind.Person, CanaryReasons.CanaryMismatch(canary.Id, canary.Digest, status.Canary.Digest));
        if (observed.Canary is null && status.CanaryPerZone > 0 && CurrentStep(policy, status) is not PlaceStep)
            return Abort(policy, status, observed, now, CanaryReasons.CanaryMissing(status.StepIndex));

        var gates = JudgeGates(policy, status, observed, now);
        if (gates.Stop is { } stop) return stop;
        status = gates.Status;
        if (status.Phase == CanaryPhase.Paused)
        {
            if (TimedOutPause(policy, status, now) is { } timedOut)
            {
                var reason = CanaryReasons.PauseTimedOut(timedOut.Timeout!.Value, timedOut.OnTimeout);
                if (timedOut.OnTimeout == PauseTimeoutAction.Rollback) return Abort(policy, status, observed, now, reason) with { Metrics = gates.Judged };
                var resumed = Step(policy, status.Resume(now), observed, new Judged(gates.Verdicts, gates.Judged), now) with { Metrics = gates.Judged };
                return resumed with { Reason = resumed.Reason with { Message = $"{reason.Message} {resumed.Reason.Message}" } };
            }
            CanaryAction pause = status.PausedZone is { } zone ? new PauseZoneFailure(zone) : new PauseForPerson();
            return Decision(pause, status, status.PauseReason ?? CanaryReasons.PausedByStep(null), gates.Verdicts) with { Metrics = gates.Judged };
        }
        var decision = Step(policy, status, observed, new Judged(gates.Verdicts, gates.Judged), now) with { Metrics = gates.Judged };
        return gates.Note is { } note
            ? decision with { Reason = note with { Message = $"{note.Message} {decision.Reason.Message}" } }
            : decision;
    }

    /// <summary>The pause step this run waits at, when it has a timeout that has passed (a zone failure's pause has none).</summary>
    private static PauseStep? TimedOutPause(CanaryPolicy policy, CanaryStatus status, DateTimeOffset now) =>
        PauseTimesOutAt(policy, status) is { } at && now >= at ? (PauseStep)CurrentStep(policy, status) : null;

    /// <summary>When a run paused by a pause step with a timeout gets its <see cref="PauseStep.OnTimeout"/>; null for any other status.</summary>
    public static DateTimeOffset? PauseTimesOutAt(CanaryPolicy policy, CanaryStatus status) =>
        status is { Phase: CanaryPhase.Paused, PausedZone: null, Pause.Kind: PauseKind.Step, StepStartedAt: { } started }
        && CurrentStep(policy, status) is PauseStep { Timeout: { } timeout }
            ? started + timeout : null;

    private static CanaryStep CurrentStep(CanaryPolicy policy, CanaryStatus status) =>
        status.StepIndex < policy.Steps.Count ? policy.Steps[status.StepIndex] : new PromoteStep();

    /// <summary>What the gates of this pass said: health per zone, and the metric judgements.</summary>
    private sealed record Judged(IReadOnlyList<ZoneVerdict> Verdicts, IReadOnlyList<Measurement> Metrics);

    private static CanaryDecision Step(CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, DateTimeOffset now)
    {
        var verdicts = judged.Verdicts;
        var step = CurrentStep(policy, status);
        if (observed.Canary is null && step is not (PlaceStep or GrowStep))
            step = new PlaceStep(); // a plan that does not start by placing canaries still gets them before judging
        return step switch
        {
            PlaceStep => Place(policy, status, observed, judged, now),
            WaitStep wait => WaitOut(policy, status, observed, judged, wait, now),
            GrowStep grow => Grow(policy, status, observed, judged, grow, now),
            PauseStep pause => Pause(status, PauseKind.Step, CanaryReasons.PausedByStep(pause.Reason, pause.Timeout is { } t ? (status.StepStartedAt ?? now) + t : null, pause.OnTimeout), verdicts),
            _ => StartPromotion(policy, status, observed, judged, now),
        };
    }

    private static CanaryDecision Place(CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, DateTimeOffset now)
    {
        var verdicts = judged.Verdicts;
        var placing = status with { CanaryPerZone = policy.InstancesPerZone, StableTarget = status.StableSize };
        var instances = policy.InstancesPerZone * observed.Zones.Count;
        var reason = CanaryReasons.Placing(policy.InstancesPerZone, observed.Zones);
        if (observed.Canary is not { } canary)
            return Decision(new PlaceCanary(status.Canary!, policy.InstancesPerZone, instances, CanaryAppLabels.For(placing)), placing, reason, verdicts);
        // After a step restart the canary may be larger and stable smaller than placement wants: undo both.
        if (canary.Instances != instances || observed.Stable!.Instances != status.StableSize)
            return Decision(new CanaryAction.Grow(instances, status.StableSize), placing, reason, verdicts);
        if (!AllPassed(verdicts)) return WaitForHealth(policy, placing, observed, verdicts, now);
        return Placed(policy, placing, observed, judged, now);
    }

    /// <summary>
    /// Canaries healthy in every zone: the smoke tests (pre-rollout hooks) run once, before any weight moves, and a
    /// failure rolls back; then the metric analysis starts, and the plan goes on.
    /// </summary>
    private static CanaryDecision Placed(CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, DateTimeOffset now)
    {
        var smoke = policy.HooksAt(HookPhase.PreRollout);
        if (smoke.Count > 0 && !status.SmokeTested)
        {
            if (observed.HookResults(HookPhase.PreRollout) is not { } results)
                return Decision(new RunHooks(HookPhase.PreRollout), status, CanaryReasons.RunningHooks(HookPhase.PreRollout, smoke.Count), judged.Verdicts);
            if (results.FirstOrDefault(r => !r.Passed) is { } failed)
                return Abort(policy, status, observed, now, CanaryReasons.SmokeTestFailed(WithLastLine(failed)));
            status = status with { SmokeTested = true };
        }
        if (policy.Analysis.IsEmpty || status.AnalysisStartedAt is not null) return Advance(policy, status, observed, judged, now);
        var started = Advance(policy, status with { AnalysisStartedAt = now }, observed, judged, now);
        var note = CanaryReasons.AnalysisStarted(policy.Analysis.CountsFrom(now) + policy.Analysis.MaxDuration);
        return started with { Reason = started.Reason with { Message = $"{note.Message} {started.Reason.Message}" } };
    }

    /// <summary>A hook's message and the last line it printed, which is usually the reason a person needs.</summary>
    private static string WithLastLine(HookResult result) =>
        result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is { } last
            ? $"{result.Message}: {last}" : result.Message;

    private static CanaryDecision WaitOut(
        CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, WaitStep wait, DateTimeOffset now)
    {
        var verdicts = judged.Verdicts;
        var until = (status.StepStartedAt ?? now) + wait.Duration;
        return now >= until
            ? Advance(policy, status, observed, judged, now)
            : Decision(new Wait(WaitFor.Analysis, until), status, CanaryReasons.Watching(status.StepIndex, policy.Steps.Count, wait.Duration, until), verdicts);
    }

    /// <summary>Scale toward the weight; stable gives up only what healthy canaries replace (<see cref="CapacityCalculator"/>).</summary>
    private static CanaryDecision Grow(
        CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, GrowStep grow, DateTimeOffset now)
    {
        var verdicts = judged.Verdicts;
        var canary = observed.Canary;
        var plan = CapacityCalculator.ForWeight(grow.Weight, status.StableSize, observed.Zones.Count, policy.InstancesPerZone,
            policy.MinimumHealthyCapacity, canary?.Healthy ?? 0);
        var growing = status with { CanaryPerZone = plan.CanaryPerZone, StableTarget = plan.StableTarget };
        if (canary is null)
            return Decision(new PlaceCanary(status.Canary!, plan.CanaryPerZone, plan.CanaryInstances, CanaryAppLabels.For(growing)),
                growing, CanaryReasons.Placing(plan.CanaryPerZone, observed.Zones), verdicts);
        if (canary.Instances != plan.CanaryInstances || observed.Stable!.Instances != plan.StableTarget)
            return Decision(new CanaryAction.Grow(plan.CanaryInstances, plan.StableTarget), growing,
                CanaryReasons.Growing(grow.Weight, plan.CanaryInstances, plan.StableTarget), verdicts);
        if (plan.HoldingCapacity)
            return Decision(new Wait(WaitFor.CanaryHealth, NextHealthLook(policy, status, observed, verdicts, now)), growing,
                CanaryReasons.HoldingCapacity(canary.Healthy, plan.MinimumHealthy), verdicts);
        return AllPassed(verdicts) ? Advance(policy, growing, observed, judged, now) : WaitForHealth(policy, growing, observed, verdicts, now);
    }

    /// <summary>
    /// Never promote on a zone that has not passed: excluded zones are not judged, every other must pass its health
    /// and every metric check (unless a person approved what the analysis could not decide); then the promotion gates.
    /// </summary>
    private static CanaryDecision StartPromotion(CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, DateTimeOffset now)
    {
        var verdicts = judged.Verdicts;
        if (!AllPassed(verdicts)) return WaitForHealth(policy, status, observed, verdicts, now);
        if (!policy.Analysis.IsEmpty && !status.ApprovedByPerson && AnalysisPending(policy, status, judged, now) is { } waiting) return waiting;
        var gates = policy.HooksAt(HookPhase.ConfirmPromotion);
        if (gates.Count > 0 && !status.PromotionConfirmed && !status.ApprovedByPerson)
        {
            if (observed.HookResults(HookPhase.ConfirmPromotion) is not { } results)
                return Decision(new RunHooks(HookPhase.ConfirmPromotion), status, CanaryReasons.RunningHooks(HookPhase.ConfirmPromotion, gates.Count), verdicts);
            if (results.FirstOrDefault(r => !r.Passed) is { } refused)
                return Pause(status, PauseKind.PromotionRefused, CanaryReasons.PromotionRefused(WithLastLine(refused)), verdicts);
            status = status with { PromotionConfirmed = true };
        }
        var decision = Promote(policy, status with { Phase = CanaryPhase.Promoting, StepStartedAt = now }, observed, now);
        return decision with { Verdicts = verdicts };
    }

    /// <summary>
    /// A wait while some zone × check has not passed yet (its reason lists them), or null when all passed. The gates
    /// already stopped the run on a failure or when time ran out, so this only ever waits within the analysis deadline.
    /// </summary>
    private static CanaryDecision? AnalysisPending(CanaryPolicy policy, CanaryStatus status, Judged judged, DateTimeOffset now)
    {
        var analysis = policy.Analysis;
        var started = status.AnalysisStartedAt ?? now;
        if (status.AnalysisStartedAt is null) status = status with { AnalysisStartedAt = now };
        var expected = analysis.Checks.Count * judged.Verdicts.Count;
        var passed = judged.Metrics.Count(m => m.Phase == GatePhase.Passed);
        if (judged.Metrics.Count >= expected && passed == judged.Metrics.Count) return null;
        var pending = judged.Metrics.Where(m => m.Phase != GatePhase.Passed).Select(m => m.Message).ToList();
        var summary = pending.Count > 0 ? string.Join("; ", pending) : "no metrics read yet";
        var deadline = analysis.CountsFrom(started) + analysis.MaxDuration;
        var next = now + analysis.Interval;
        return Decision(new Wait(WaitFor.Metrics, next < deadline ? next : deadline), status, CanaryReasons.AwaitingAnalysis(summary, deadline), judged.Verdicts);
    }

    /// <summary>The step is complete: move to the next and decide it in the same pass, so no pass is wasted.</summary>
    private static CanaryDecision Advance(CanaryPolicy policy, CanaryStatus status, ObservedState observed, Judged judged, DateTimeOffset now)
    {
        var completed = CanaryReasons.StepCompleted(status.StepIndex, policy.Steps.Count, CurrentStep(policy, status));
        var next = Step(policy, status with { StepIndex = status.StepIndex + 1, StepStartedAt = now }, observed, judged, now);
        return next with { Reason = next.Reason with { Message = $"{completed.Message} {next.Reason.Message}" } };
    }

    private static CanaryDecision WaitForHealth(
        CanaryPolicy policy, CanaryStatus status, ObservedState observed, IReadOnlyList<ZoneVerdict> verdicts, DateTimeOffset now)
    {
        var pending = string.Join(", ", verdicts.Where(verdict => verdict.Outcome != ZoneOutcome.Passed).Select(verdict => verdict.Canary.Message));
        return Decision(new Wait(WaitFor.CanaryHealth, NextHealthLook(policy, status, observed, verdicts, now)), status,
            CanaryReasons.WaitingForHealth(pending.Length > 0 ? pending : "no zone judged yet"), verdicts);
    }

    /// <summary>
    /// When the health wait next needs a look: the earliest deadline of a zone still starting (each zone's deadline
    /// restarts at its latest task failure, so it can lie beyond the step's), else the step's deadline, and never in
    /// the past, which would make the orchestrator pass again at once: then one health-check interval from now.
    /// </summary>
    private static DateTimeOffset NextHealthLook(
        CanaryPolicy policy, CanaryStatus status, ObservedState observed, IReadOnlyList<ZoneVerdict> verdicts, DateTimeOffset now)
    {
        var zoneDeadlines = verdicts.Where(v => v.Outcome == ZoneOutcome.Pending)
            .Select(v => v.Canary.Numbers).OfType<CanaryHealthNumbers>().Select(health => now + health.Left)
            .Where(at => at > now).ToList();
        var until = zoneDeadlines.Count > 0 ? zoneDeadlines.Min() : (status.StepStartedAt ?? now) + policy.Health.HealthyDeadline;
        return until > now ? until : now + (observed.Canary?.HealthCheck?.Interval ?? TimeSpan.FromMinutes(1));
    }

    private static bool AllPassed(IReadOnlyList<ZoneVerdict> verdicts) =>
        verdicts.Count > 0 && verdicts.All(verdict => verdict.Outcome == ZoneOutcome.Passed);
}

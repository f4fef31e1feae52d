using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Core.Gates;

/// <summary>
/// Judges one track's tasks in one zone from Marathon's task facts. Marathon never fails a deployment by itself
/// (an unhealthy task is killed and relaunched forever), so crash loops, failing health checks and slowness are
/// all decided here, each with the numbers it saw.
/// </summary>
public static class HealthGate
{
    public const string CanaryGate = "canary-health";
    public const string StableGate = "stable-health";

    /// <summary>
    /// The canary in <paramref name="zone"/>, in this order: crash loop (task failures within the window over the
    /// limit); a task at the consecutive health-failure limit; a task still not healthy one health interval after
    /// its grace period; enough healthy tasks (Passed); past the deadline measured from <paramref name="since"/>
    /// (Failed); otherwise Pending. The grace rule is what finds a bad release within one interval after grace,
    /// long before Marathon's own kill-and-restart cycle repeats often enough to count as a crash loop.
    /// </summary>
    public static Measurement Canary(
        HealthGatePolicy policy, Zone zone, ZoneTasks tasks, int expected, HealthCheckTiming? timing,
        DateTimeOffset since, DateTimeOffset now)
    {
        var failures = tasks.FailuresWithin(policy.CrashLoopWindow, now);
        var worstStreak = tasks.Tasks.Select(task => task.ConsecutiveHealthFailures).DefaultIfEmpty(0).Max();
        var elapsed = now - since;
        var numbers = new CanaryHealthNumbers(expected, tasks.Healthy, tasks.Running, tasks.Staged, failures, policy.CrashLoopRestarts,
            policy.CrashLoopWindow, worstStreak, elapsed > TimeSpan.Zero ? elapsed : TimeSpan.Zero, policy.HealthyDeadline);
        Measurement Result(GatePhase phase, string message) => new(CanaryGate, zone, phase, message, numbers, now);

        if (failures > policy.CrashLoopRestarts)
            return Result(GatePhase.Failed, CanaryReasons.CrashLoopText(zone, failures, policy.CrashLoopWindow));
        if (worstStreak >= policy.MaxConsecutiveHealthFailures)
            return Result(GatePhase.Failed, CanaryReasons.HealthChecksFailingText(zone, worstStreak));
        if (timing is not null && NeverHealthyAfterGrace(tasks, timing, now) is { } late)
            return Result(GatePhase.Failed, CanaryReasons.NotHealthyAfterGraceText(zone, late, timing));
        if (tasks.Healthy >= expected)
            return Result(GatePhase.Passed, CanaryReasons.HealthyText(zone, tasks.Healthy, expected));
        if (now - since > policy.HealthyDeadline)
            return Result(GatePhase.Failed, CanaryReasons.HealthDeadlineText(zone, tasks.Healthy, expected, policy.HealthyDeadline));
        return Result(GatePhase.Pending, CanaryReasons.StartingText(zone, tasks.Healthy, expected));
    }

    /// <summary>
    /// The stable app in <paramref name="zone"/>, used only to tell a bad zone from a bad release: it fails when it
    /// crash-loops there or fewer than half of the instances it should have there are healthy. Half, not all: a
    /// routine restart of one stable task must not turn a canary failure into a "zone failure" that merely pauses.
    /// </summary>
    public static Measurement Stable(
        HealthGatePolicy policy, Zone zone, ZoneTasks tasks, int expected, DateTimeOffset now)
    {
        var failures = tasks.FailuresWithin(policy.CrashLoopWindow, now);
        var numbers = new StableHealthNumbers(expected, tasks.Healthy, failures, policy.CrashLoopRestarts);
        var failing = failures > policy.CrashLoopRestarts || tasks.Healthy * 2 < expected;
        return new Measurement(StableGate, zone, failing ? GatePhase.Failed : GatePhase.Passed,
            CanaryReasons.StableHealthText(zone, tasks.Healthy, expected, failures), numbers, now);
    }

    // A running task that has never passed a check although its grace period and one more interval are over.
    private static TaskFact? NeverHealthyAfterGrace(ZoneTasks tasks, HealthCheckTiming timing, DateTimeOffset now) =>
        tasks.Tasks.FirstOrDefault(task =>
            task is { State: TaskState.Running, Healthy: false, FirstHealthyAt: null, StartedAt: { } started }
            && now - started > timing.GracePeriod + timing.Interval);
}

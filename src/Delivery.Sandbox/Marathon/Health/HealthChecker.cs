using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Health;

/// <summary>
/// Marathon health checks (health-checks.md, HealthCheckActor): probe each running task every interval (the first
/// probe as soon as it runs), ignore failures during the grace period until the first success, count consecutive
/// failures, and kill after maxConsecutiveFailures (0 = never for Marathon-level, first failure for Mesos-level).
/// Marathon tests the streak recorded <em>before</em> the new result (core/health/impl/HealthCheckActor.scala,
/// <c>checkConsecutiveFailures(instance, health)</c> is called with the old health, then <c>health.update(result)</c>),
/// so with maxConsecutiveFailures 3 a task stays visible with its streak of 3 for one more interval and is killed at
/// the fourth failure, with the cause of the failure before it.
/// </summary>
public static class HealthChecker
{
    public static void Schedule(SchedulerPass pass)
    {
        foreach (var task in pass.State.Tasks.Values)
        {
            if (!task.IsRunning) continue;
            foreach (var health in task.Health)
            {
                if (health.InFlight || pass.Now < health.NextDue) continue;
                if (!task.Agent.Reachable)
                {
                    // The agent does not answer: the probe times out, as it would against a host that is gone.
                    Record(pass, task, health, ProbeResult.Fail($"{health.Check.Protocol} check to {task.Agent.Hostname} timed out"));
                    continue;
                }
                health.InFlight = true;
                pass.Effects.Probes.Add((task, health, pass.ProbeFor(task, health)));
            }
        }
    }

    /// <summary>Records one probe result; returns a pass holding a kill when the task must go.</summary>
    public static void Record(SchedulerPass pass, TaskRecord task, HealthState health, ProbeResult result)
    {
        health.InFlight = false;
        if (!task.IsRunning || !pass.State.Tasks.ContainsKey(task.Id)) return;
        var now = pass.Now;
        var options = pass.State.Options.HealthTiming;
        health.NextDue = health.Check.IsMesosLevel
            ? now + (options?.Interval ?? health.Check.Interval)
            : NextTick(pass.State, task, health, now + TimeSpan.FromTicks(1));
        var wasAlive = health.HasResult ? health.Alive : (bool?)null;
        var taskWasHealthy = TaskHealth(task);
        var (failuresBefore, causeBefore) = (health.ConsecutiveFailures, health.LastFailureCause);
        if (result.Ignored) return;
        if (result.Healthy)
        {
            health.HasResult = true;
            health.ConsecutiveFailures = 0;
            health.FirstSuccess ??= now;
            health.LastSuccess = now;
        }
        else
        {
            var grace = options?.GracePeriod ?? health.Check.GracePeriod;
            if (health.FirstSuccess is null && task.StartedAt is { } started && now < started + grace) return;
            health.HasResult = true;
            health.ConsecutiveFailures++;
            health.LastFailure = now;
            health.LastFailureCause = result.Cause;
            TaskEvents.FailedHealthCheck(pass.State.Events, task, health.Check);
        }
        if (wasAlive != health.Alive) TaskEvents.HealthChanged(pass.State.Events, task, health.Alive);
        var taskHealthy = TaskHealth(task);
        if (taskHealthy == true) task.HasBeenHealthy = true;
        if (taskHealthy != taskWasHealthy) TaskEvents.InstanceHealthChanged(pass.State.Events, task, taskHealthy);
        // An unhealthy task on an agent that does not answer is not killed: the kill could not reach it.
        if (!result.Healthy && MustKill(health, failuresBefore) && task.Agent.Reachable)
        {
            var reason = (health.Check.IsMesosLevel ? result.Cause : causeBefore) ?? "unknown";
            TaskEvents.UnhealthyKill(pass.State.Events, task, reason);
            pass.Kill(task, $"unhealthy: {reason}");
        }
    }

    /// <summary>
    /// The first tick of the task's app at or after <paramref name="from"/>. Marathon probes all tasks of an app version on
    /// one timer (core/health/impl/HealthCheckActor.scala, a Tick every intervalSeconds), so a task that starts running
    /// between two ticks waits for the next one: its first probe comes up to an interval after it started. Mesos-level
    /// checks run on the agent, per task, from the task's start.
    /// </summary>
    public static DateTimeOffset NextTick(MarathonState state, TaskRecord task, HealthState health, DateTimeOffset from)
    {
        var interval = state.Options.HealthTiming?.Interval ?? health.Check.Interval;
        if (health.Check.IsMesosLevel) return from;
        var origin = state.Apps.TryGetValue(task.AppId, out var app) && app.HealthTicksSince is { } since ? since : from;
        if (from <= origin || interval <= TimeSpan.Zero) return origin > from ? origin : from;
        var ticks = (long)Math.Ceiling((from - origin).Ticks / (double)interval.Ticks);
        return origin + TimeSpan.FromTicks(ticks * interval.Ticks);
    }

    /// <summary>Mesos-level checks are judged by the agent on the streak including this failure; Marathon-level ones on
    /// the streak before it (see the summary).</summary>
    private static bool MustKill(HealthState health, int failuresBefore)
    {
        var max = health.Check.MaxConsecutiveFailures;
        if (health.Check.IsMesosLevel) return max == 0 || health.ConsecutiveFailures >= max;
        return max > 0 && failuresBefore >= max;
    }

    /// <summary>Instance health as instance_health_changed_event reports it: null until every check has a result.</summary>
    private static bool? TaskHealth(TaskRecord task) =>
        task.Health.All(h => h.HasResult) ? task.Health.All(h => h.Alive) : null;
}

/// <summary>
/// Relaunch back-off of an app, as Marathon's RateLimiter keeps it (core/launchqueue/impl/RateLimiter.scala and
/// core/task/update/impl/steps/NotifyRateLimiterStepImpl.scala):
/// - a task ending FAILED, ERROR, DROPPED, GONE or FINISHED delays the next launch: backoffSeconds at first, then times
///   backoffFactor, at most the app's maxLaunchDelaySeconds; a kill (health checks, scaling) or a lost agent does not;
/// - a task reaching RUNNING re-bases the delay on now, and a delay not re-based for maxLaunchDelaySeconds is dropped
///   (cleanUpOverdueDelays), so an app that stays up long enough starts again from backoffSeconds;
/// - a new configuration or DELETE /v2/queue/{app}/delay resets it.
/// </summary>
public static class Backoff
{
    public static bool IsLimitWorthy(string state) =>
        state is TaskStates.Failed or TaskStates.Finished or TaskStates.Error or TaskStates.Dropped or TaskStates.Gone;

    public static void Delay(MarathonState state, AppRecord app, DateTimeOffset now)
    {
        app.CurrentDelay = app.Spec.Backoff.Next(app.CurrentDelay, state.Options.MaxLaunchDelay);
        app.DelayReference = now;
        app.DelayUntil = now + app.CurrentDelay.Value;
    }

    /// <summary>A task of the app is running: the delay counts from now (RateLimiter.advanceDelay).</summary>
    public static void Advance(AppRecord app, DateTimeOffset now)
    {
        if (app.CurrentDelay is not { } delay) return;
        app.DelayReference = now;
        app.DelayUntil = now + delay;
    }

    /// <summary>Drops a delay that was neither raised nor re-based for the app's maximum launch delay.</summary>
    public static void ResetIfQuiet(MarathonState state, AppRecord app, DateTimeOffset now)
    {
        if (app.CurrentDelay is null) return;
        if (now > app.DelayReference + app.Spec.Backoff.Max(state.Options.MaxLaunchDelay)) Reset(app);
    }

    public static void Reset(AppRecord app)
    {
        app.CurrentDelay = null;
        app.DelayUntil = DateTimeOffset.MinValue;
    }
}

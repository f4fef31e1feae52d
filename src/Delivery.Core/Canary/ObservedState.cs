using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>
/// What the orchestrator read from Marathon at the start of one pass: the stable and canary apps and their tasks
/// by zone. The planner trusts nothing else about the world; every pass re-reads it (status is the only memory).
/// </summary>
/// <param name="Zones">The pipeline's zones, in environment order.</param>
/// <param name="Stable">The stable app, or null when Marathon has none.</param>
/// <param name="Canary">The canary app, or null when Marathon has none.</param>
/// <param name="Metrics">The latest read of each analysis check (raw figures; the planner judges them).</param>
/// <param name="Hooks">What the hooks this run ran returned, by phase.</param>
public sealed record ObservedState(
    IReadOnlyList<Zone> Zones,
    ObservedApp? Stable,
    ObservedApp? Canary,
    IReadOnlyList<Analysis.MetricReading>? Metrics = null,
    IReadOnlyDictionary<Hooks.HookPhase, IReadOnlyList<Hooks.HookResult>>? Hooks = null)
{
    public IReadOnlyList<Analysis.MetricReading> MetricReadings => Metrics ?? [];

    /// <summary>The results of this run's hooks of <paramref name="phase"/>, or null when they have not run.</summary>
    public IReadOnlyList<Hooks.HookResult>? HookResults(Hooks.HookPhase phase) =>
        Hooks is not null && Hooks.TryGetValue(phase, out var results) ? results : null;
}

/// <summary>One Marathon app as read: its definition facts, labels, version, deployments in flight and tasks by zone.</summary>
/// <param name="Image">The image of the app definition (pinned by digest when Delivery wrote it).</param>
/// <param name="Version">Marathon's <c>version</c> timestamp; it changes on every accepted write.</param>
/// <param name="Deployments">Ids of deployments in flight for this app; non-empty means Marathon holds it locked.</param>
/// <param name="HealthCheck">Timing of the app's first health check, or null when it has none.</param>
/// <param name="Tasks">Tasks by zone; a zone missing from the map had no tasks reported.</param>
public sealed record ObservedApp(
    string Id,
    int Instances,
    ImageReference Image,
    IReadOnlyDictionary<string, string> Labels,
    string Version,
    IReadOnlyList<string> Deployments,
    HealthCheckTiming? HealthCheck,
    IReadOnlyDictionary<Zone, ZoneTasks> Tasks)
{
    public Digest? Digest => Image.Digest;

    public bool Deploying => Deployments.Count > 0;

    public ZoneTasks TasksIn(Zone zone) => Tasks.TryGetValue(zone, out var tasks) ? tasks : ZoneTasks.None;

    public int Healthy => Tasks.Values.Sum(zone => zone.Healthy);

    /// <summary>Healthy tasks launched from the app's current definition (not old ones an upgrade has yet to stop).</summary>
    public int HealthyCurrent => Tasks.Values.Sum(zone => zone.Tasks.Count(t => t.State == TaskState.Running && t.Healthy && t.Current));
}

/// <summary>
/// A health check's timing from the app definition (Marathon defaults: grace 300 s, interval 60 s). Failures are
/// ignored during the grace period, so a task that is not healthy one interval after it is a failing task.
/// </summary>
public sealed record HealthCheckTiming(TimeSpan GracePeriod, TimeSpan Interval, int MaxConsecutiveFailures = 3);

/// <summary>The tasks of one app in one zone, and the task failures (exits, kills) recently seen there.</summary>
/// <param name="Failures">When tasks failed (TASK_FAILED, killed as unhealthy, lost), newest or oldest first.</param>
public sealed record ZoneTasks(IReadOnlyList<TaskFact> Tasks, IReadOnlyList<DateTimeOffset> Failures)
{
    public static ZoneTasks None { get; } = new([], []);

    public int Running => Tasks.Count(task => task.State == TaskState.Running);
    public int Staged => Tasks.Count(task => task.State == TaskState.Staged);
    public int Healthy => Tasks.Count(task => task.State == TaskState.Running && task.Healthy);
    public int Unhealthy => Running - Healthy;

    /// <summary>Failures in <c>(now - window, now]</c>.</summary>
    public int FailuresWithin(TimeSpan window, DateTimeOffset now) => Failures.Count(at => at > now - window && at <= now);
}

/// <summary>One task as read from Marathon.</summary>
/// <param name="StartedAt">When it reached TASK_RUNNING; null while staged.</param>
/// <param name="Healthy">All its health results alive (for an app without health checks: running).</param>
/// <param name="ConsecutiveHealthFailures">The largest <c>consecutiveFailures</c> among its health results.</param>
/// <param name="FirstHealthyAt">Its first health success (<c>firstSuccess</c>), or null if it never passed.</param>
/// <param name="Current">It was launched from the app's current definition (its version is not older than the last config change).</param>
public sealed record TaskFact(
    string Id,
    TaskState State,
    DateTimeOffset? StartedAt,
    bool Healthy,
    int ConsecutiveHealthFailures = 0,
    DateTimeOffset? FirstHealthyAt = null,
    bool Current = true);

/// <summary>The Mesos task states the gates tell apart; finished and failed tasks are failures, not tasks.</summary>
public enum TaskState { Staged, Running }

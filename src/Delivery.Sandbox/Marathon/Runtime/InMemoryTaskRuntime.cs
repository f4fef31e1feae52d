using System.Collections.Concurrent;

namespace Delivery.Sandbox.Marathon.Runtime;

/// <summary>
/// Tasks that exist only in memory, for fast tests and scale runs (thousands of tasks). What a task does is scripted
/// per app, per task or by any rule over its launch: healthy, unhealthy after N probes, crash on start, crash after
/// a while, slow to start or to answer, ready after N readiness probes. Time goes through the given TimeProvider.
/// </summary>
public sealed class InMemoryTaskRuntime(TimeProvider time) : ITaskRuntime
{
    private readonly ConcurrentDictionary<string, RunningTask> _tasks = new();
    private readonly ConcurrentDictionary<string, TaskScript> _byApp = new();
    private readonly ConcurrentDictionary<string, TaskScript> _byTask = new();
    private volatile Func<TaskLaunch, TaskScript?>? _rule;

    public string Name => "memory";

    public event Action<TaskExit>? TaskExited;

    /// <summary>Launches seen so far, in order (tests read environment and ports from them).</summary>
    public ConcurrentQueue<TaskLaunch> Launches { get; } = new();

    public int RunningCount => _tasks.Count;

    public bool IsRunning(string taskId) => _tasks.ContainsKey(taskId);

    public void Script(string appId, TaskScript script) => _byApp[appId] = script;

    public void ScriptTask(string taskId, TaskScript script) => _byTask[taskId] = script;

    /// <summary>A rule over the launch (e.g. by MARATHON_APP_VERSION or image); wins over per-app scripts.</summary>
    public void Script(Func<TaskLaunch, TaskScript?> rule) => _rule = rule;

    public async Task LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        Launches.Enqueue(launch);
        var script = ScriptFor(launch);
        if (script.StartDelay > TimeSpan.Zero) await Task.Delay(script.StartDelay, time, cancellationToken);
        if (script.CrashOnStart) throw new InvalidOperationException($"container of {launch.TaskId} exited with code 1 right after start (scripted)");
        var task = new RunningTask(launch, script);
        _tasks[launch.TaskId] = task;
        if (script.CrashAfter is { } after)
            task.CrashTimer = time.CreateTimer(_ => Crash(launch.TaskId), null, after, Timeout.InfiniteTimeSpan);
    }

    public Task KillAsync(string taskId, CancellationToken cancellationToken)
    {
        if (_tasks.TryRemove(taskId, out var task)) task.CrashTimer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<ProbeResult> ProbeAsync(string taskId, ProbeRequest probe, CancellationToken cancellationToken)
    {
        if (!_tasks.TryGetValue(taskId, out var task)) return ProbeResult.Fail($"Connection refused: {probe.Host}:{probe.Port}");
        var script = CurrentScript(task);
        if (script.ProbeDelay > TimeSpan.Zero)
        {
            if (script.ProbeDelay >= probe.Timeout)
            {
                await Task.Delay(probe.Timeout, time, cancellationToken);
                return ProbeResult.Fail($"{probe.Protocol} check timed out after {probe.Timeout.TotalSeconds:0.###} s (scripted slow task)");
            }
            await Task.Delay(script.ProbeDelay, time, cancellationToken);
        }
        var count = Interlocked.Increment(ref task.Probes);
        if (script.Health == ScriptedHealth.Informational) return ProbeResult.Ignore;
        var healthy = script.Health switch
        {
            ScriptedHealth.Healthy => true,
            ScriptedHealth.Unhealthy => false,
            ScriptedHealth.HealthyThenUnhealthy => count <= script.HealthyProbes,
            ScriptedHealth.UnhealthyThenHealthy => count > script.UnhealthyProbes,
            _ => true,
        };
        return healthy ? ProbeResult.Pass : ProbeResult.Fail(script.FailureCause);
    }

    public Task<ReadinessObservation> ReadinessAsync(string taskId, ReadinessRequest request, CancellationToken cancellationToken)
    {
        if (!_tasks.TryGetValue(taskId, out var task)) return Task.FromResult(new ReadinessObservation(false, null, null, null));
        var count = Interlocked.Increment(ref task.ReadinessProbes);
        var ready = CurrentScript(task).NotReadyProbes is { } n ? count > n : true;
        var status = ready ? request.StatusCodesForReady.FirstOrDefault(200) : 503;
        return Task.FromResult(new ReadinessObservation(ready, status, "application/json", ready ? "{\"ready\":true}" : "{\"ready\":false}"));
    }

    /// <summary>Makes a task end on its own now, as a crashing process would.</summary>
    public void Crash(string taskId, string state = "TASK_FAILED", int exitCode = 1)
    {
        if (!_tasks.TryRemove(taskId, out var task)) return;
        task.CrashTimer?.Dispose();
        TaskExited?.Invoke(new TaskExit(taskId, state, exitCode, $"Command exited with status {exitCode}"));
    }

    private TaskScript ScriptFor(TaskLaunch launch) =>
        _byTask.GetValueOrDefault(launch.TaskId) ?? _rule?.Invoke(launch) ?? _byApp.GetValueOrDefault(launch.AppId) ?? TaskScript.Healthy;

    // Per-task scripts may be set after launch (a test picks a running task and turns it bad).
    private TaskScript CurrentScript(RunningTask task) => _byTask.GetValueOrDefault(task.Launch.TaskId) ?? task.Script;

    public ValueTask DisposeAsync()
    {
        foreach (var task in _tasks.Values) task.CrashTimer?.Dispose();
        _tasks.Clear();
        return ValueTask.CompletedTask;
    }

    private sealed class RunningTask(TaskLaunch launch, TaskScript script)
    {
        public TaskLaunch Launch { get; } = launch;
        public TaskScript Script { get; } = script;
        public ITimer? CrashTimer { get; set; }
        public int Probes;
        public int ReadinessProbes;
    }
}

/// <summary><see cref="Informational"/>: every probe is answered as an ignored HTTP 1xx would be.</summary>
public enum ScriptedHealth { Healthy, Unhealthy, HealthyThenUnhealthy, UnhealthyThenHealthy, Informational }

/// <summary>What an in-memory task does. Compose with <c>with</c>: <c>TaskScript.Healthy with { CrashAfter = … }</c>.</summary>
public sealed record TaskScript
{
    public static TaskScript Healthy { get; } = new();
    public static TaskScript Unhealthy { get; } = new() { Health = ScriptedHealth.Unhealthy };
    public static TaskScript CrashingOnStart { get; } = new() { CrashOnStart = true };

    public static TaskScript UnhealthyAfter(int healthyProbes) => new() { Health = ScriptedHealth.HealthyThenUnhealthy, HealthyProbes = healthyProbes };
    public static TaskScript HealthyAfter(int unhealthyProbes) => new() { Health = ScriptedHealth.UnhealthyThenHealthy, UnhealthyProbes = unhealthyProbes };

    public ScriptedHealth Health { get; init; } = ScriptedHealth.Healthy;
    public int HealthyProbes { get; init; }
    public int UnhealthyProbes { get; init; }
    public string FailureCause { get; init; } = "500 Internal Server Error";
    public bool CrashOnStart { get; init; }
    public TimeSpan? CrashAfter { get; init; }
    public TimeSpan StartDelay { get; init; }
    public TimeSpan ProbeDelay { get; init; }

    /// <summary>Readiness probes answered "not ready" before the task turns ready; null = ready at once.</summary>
    public int? NotReadyProbes { get; init; }
}

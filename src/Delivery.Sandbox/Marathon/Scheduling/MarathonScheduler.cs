using Delivery.Sandbox.Marathon.Deployments;
using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.Health;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>
/// The emulated Marathon scheduler. <see cref="ReconcileAsync"/> is one deterministic step: advance deployments,
/// keep apps at their instance count, replace what died, run due health and readiness checks. The background
/// loop of the real process calls it on a timer; tests call it after moving a fake clock.
/// </summary>
public sealed class MarathonScheduler : IDisposable
{
    private readonly MarathonState _state;
    private readonly ITaskRuntime _runtime;
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private int _inflight;

    public MarathonScheduler(MarathonState state, ITaskRuntime runtime)
    {
        _state = state;
        _runtime = runtime;
        _runtime.TaskExited += OnTaskExited;
    }

    public ITaskRuntime Runtime => _runtime;

    /// <summary>Runtime calls started and not finished yet (launches, kills, probes).</summary>
    public int InFlight => Volatile.Read(ref _inflight);

    /// <summary>Raised after an API call changed something, so the background loop can run at once.</summary>
    public event Action? Poked;

    public void Poke() => Poked?.Invoke();

    /// <param name="maxPasses">Passes while runtime calls finish at once; 1 lets a test observe every single step.</param>
    public async Task ReconcileAsync(CancellationToken cancellationToken = default, int maxPasses = 8)
    {
        await _reconcile.WaitAsync(cancellationToken);
        try
        {
            // Runtime calls that finish at once (the in-memory runtime) let the next pass go on, so one call settles
            // what a real cluster would settle over a few offer cycles. Bounded so a flapping app cannot spin.
            for (var i = 0; i < maxPasses; i++)
            {
                SchedulerPass pass;
                lock (_state.Gate)
                {
                    pass = new SchedulerPass(_state);
                    Decide(pass);
                }
                Execute(pass.Effects, cancellationToken);
                if (!pass.Effects.ChangedTasks) break;
            }
        }
        finally
        {
            _reconcile.Release();
        }
    }

    private void Decide(SchedulerPass pass)
    {
        foreach (var app in pass.State.Apps.Values) Backoff.ResetIfQuiet(pass.State, app, pass.Now);
        AgentLoss.Apply(pass);
        DeploymentManager.Advance(pass);
        var owned = pass.State.Deployments.SelectMany(d => d.AffectedApps).ToHashSet(StringComparer.Ordinal);
        foreach (var app in pass.State.Apps.Values)
            if (!owned.Contains(app.Id)) KeepInstances(pass, app);
        foreach (var orphan in pass.State.Tasks.Values.Where(t => !pass.State.Apps.ContainsKey(t.AppId) && !owned.Contains(t.AppId)).ToList())
            pass.Kill(orphan, "app deleted");
        HealthCheckRegistry.Reconcile(pass);
        HealthChecker.Schedule(pass);
    }

    /// <summary>Without a deployment Marathon still replaces lost and failed instances (and drops surplus ones).</summary>
    private static void KeepInstances(SchedulerPass pass, AppRecord app)
    {
        var spec = app.Spec;
        var live = pass.State.TasksOf(app.Id).Where(t => t.IsActive).ToList();
        if (live.Count < spec.Instances) pass.Launch(app, spec.Instances - live.Count);
        else
        {
            app.Queue = null;
            foreach (var task in ScaleDownSelection.Victims(spec, live, live.Count - spec.Instances))
                pass.Kill(task, "scaling down");
        }
    }

    /// <summary>Starts the runtime calls; those that complete synchronously are recorded before this returns.</summary>
    public void Execute(Effects effects, CancellationToken cancellationToken = default)
    {
        foreach (var (task, launch) in effects.Launches) Track(LaunchAsync(task, launch, cancellationToken));
        foreach (var task in effects.Kills) Track(KillAsync(task, cancellationToken));
        foreach (var (task, health, request) in effects.Probes) Track(ProbeAsync(task, health, request, cancellationToken));
        foreach (var (task, readiness, request) in effects.ReadinessProbes) Track(ReadinessAsync(task, readiness, request, cancellationToken));
    }

    private void Track(Task work)
    {
        if (work.IsCompleted) return;
        Interlocked.Increment(ref _inflight);
        work.ContinueWith(_ => Interlocked.Decrement(ref _inflight), TaskScheduler.Default);
    }

    private async Task LaunchAsync(TaskRecord task, TaskLaunch launch, CancellationToken cancellationToken)
    {
        string? failure = null;
        try { await _runtime.LaunchAsync(launch, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = $"Failed to launch task {task.Id}: {e.Message}";
        }
        lock (_state.Gate)
        {
            if (!_state.Tasks.ContainsKey(task.Id) || task.State != TaskStates.Staging)
            {
                // Killed or lost while it was starting: a kill sent before the start finished may have found
                // nothing to stop, so stop it again now that it exists (kills are idempotent).
                if (failure is null) Track(_runtime.KillAsync(task.Id, CancellationToken.None));
                return;
            }
            if (failure is not null) { Terminate(task, TaskStates.Failed, failure); return; }
            // Mesos reports TASK_STARTING when the executor starts the container, after the image was fetched (staging);
            // the runtime does both in one call, so the step is reported as it returns, just before TASK_RUNNING.
            TaskEvents.StatusUpdate(_state.Events, task, TaskStates.Starting);
            task.State = TaskStates.Running;
            task.StartedAt = _state.Time.Now;
            foreach (var health in task.Health) health.NextDue = HealthChecker.NextTick(_state, task, health, task.StartedAt.Value);
            TaskEvents.StatusUpdate(_state.Events, task, TaskStates.Running);
            if (_state.Apps.TryGetValue(task.AppId, out var app)) Backoff.Advance(app, task.StartedAt.Value);
        }
    }

    private async Task KillAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        try { await _runtime.KillAsync(task.Id, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The task is given up either way; the runtime keeps its own cleanup (labels) for leftovers.
        }
        lock (_state.Gate)
        {
            if (!_state.Tasks.Remove(task.Id)) return;
            task.State = TaskStates.Killed;
            TaskEvents.StatusUpdate(_state.Events, task, TaskStates.Killed, task.KillReason ?? "");
        }
    }

    private async Task ProbeAsync(TaskRecord task, HealthState health, ProbeRequest request, CancellationToken cancellationToken)
    {
        ProbeResult result;
        try { result = await _runtime.ProbeAsync(task.Id, request, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ProbeResult.Fail($"health check could not run: {e.Message}");
        }
        Effects effects;
        lock (_state.Gate)
        {
            var pass = new SchedulerPass(_state);
            HealthChecker.Record(pass, task, health, result);
            effects = pass.Effects;
        }
        Execute(effects, cancellationToken);
    }

    private async Task ReadinessAsync(TaskRecord task, ReadinessState readiness, ReadinessRequest request, CancellationToken cancellationToken)
    {
        ReadinessObservation observation;
        try { observation = await _runtime.ReadinessAsync(task.Id, request, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            observation = new ReadinessObservation(false, null, null, e.Message);
        }
        lock (_state.Gate) ReadinessChecker.Record(new SchedulerPass(_state), readiness, observation);
    }

    /// <summary>A task ended on its own (runtime event, or the sandbox's crash fault).</summary>
    public void ReportExit(TaskExit exit) => OnTaskExited(exit);

    private void OnTaskExited(TaskExit exit)
    {
        lock (_state.Gate)
        {
            // A task we are killing reports its own end through KillAsync.
            if (!_state.Tasks.TryGetValue(exit.TaskId, out var task) || task.IsKilling) return;
            Terminate(task, exit.State, exit.Message);
        }
        Poke();
    }

    /// <summary>A task ended on its own: record a failure, back off the next launch where Marathon does, let the scheduler
    /// replace it.</summary>
    private void Terminate(TaskRecord task, string state, string message)
    {
        var now = _state.Time.Now;
        _state.Tasks.Remove(task.Id);
        task.State = state;
        if (_state.Apps.TryGetValue(task.AppId, out var app))
        {
            if (TaskStates.IsFailure(state))
                app.LastTaskFailure = new TaskFailure(task.AppId, task.Agent.Hostname, message, state, task.Id, now, task.Version, task.Agent.Id);
            if (Backoff.IsLimitWorthy(state)) Backoff.Delay(_state, app, now);
        }
        TaskEvents.StatusUpdate(_state.Events, task, state, message);
    }

    public void Dispose()
    {
        _runtime.TaskExited -= OnTaskExited;
        _reconcile.Dispose();
    }
}

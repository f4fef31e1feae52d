using System.Globalization;
using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>
/// One decision pass under the state gate: places new tasks (reserving their resources at once), marks tasks for
/// killing, and records the runtime calls to make in <see cref="Effects"/>. Also used by API calls that kill.
/// </summary>
public sealed class SchedulerPass(MarathonState state)
{
    private Dictionary<Agent, AgentUsage>? _usage;

    public MarathonState State { get; } = state;
    public Effects Effects { get; } = new();
    public DateTimeOffset Now { get; } = state.Time.Now;

    private Dictionary<Agent, AgentUsage> Usage => _usage ??= AgentUsage.Of(State.Agents, State.Tasks.Values);

    /// <summary>Tries to start <paramref name="count"/> instances of the app's current version; unplaced ones wait in the queue.</summary>
    public int Launch(AppRecord app, int count)
    {
        if (count <= 0)
        {
            app.Queue = null;
            return 0;
        }
        if (Now < app.DelayUntil)
        {
            app.Queue = new QueueInfo(count, app.Queue?.Since ?? Now, Now, []);
            return 0;
        }
        var spec = app.Spec;
        // Constraints count only instances of the current configuration, so that during an upgrade a new instance may
        // go where an old one still runs (mesos/ResourceMatcher.scala: runSpecVersion >= lastConfigChangeVersion).
        var configSince = ConfigChangedAt(app);
        var appAgents = State.TasksOf(app.Id).Where(t => t.IsActive && DateTimeOffset.Parse(t.Version, CultureInfo.InvariantCulture) >= configSince).Select(t => t.Agent).ToList();
        var launched = 0;
        for (; launched < count; launched++)
        {
            var decision = Placement.Place(spec, State.Agents, Usage, appAgents, State.LocalRegion);
            if (decision.Agent is not { } agent)
            {
                app.Queue = new QueueInfo(count - launched, app.Queue?.Since ?? Now, Now, decision.Rejections);
                return launched;
            }
            var task = Stage(app, agent, decision.Ports);
            appAgents.Add(agent);
            Usage[agent].Add(task.Cpus, task.MemMb, task.Ports);
            if (decision.Ports.Count > 0) agent.PortCursor = decision.Ports[^1] - agent.Options.PortBegin + 1;
        }
        app.Queue = null;
        return launched;
    }

    private static DateTimeOffset ConfigChangedAt(AppRecord app) =>
        DateTimeOffset.Parse(Apps.JsonKinds.Str(Apps.JsonKinds.Obj(app.Definition["versionInfo"])?["lastConfigChangeAt"]) ?? app.Spec.Version,
            CultureInfo.InvariantCulture);

    private TaskRecord Stage(AppRecord app, Agent agent, IReadOnlyList<int> ports)
    {
        var spec = app.Spec;
        var instanceId = $"{spec.Id.Trim('/').Replace('/', '_')}.instance-{Guid.NewGuid()}";
        var task = new TaskRecord
        {
            Id = $"{instanceId}._app.1",
            InstanceId = instanceId,
            AppId = spec.Id,
            Version = spec.Version,
            Agent = agent,
            Ports = ports,
            ServicePorts = spec.Ports.Select(p => p.ServicePort).ToList(),
            Cpus = spec.Cpus,
            MemMb = spec.MemMb,
            StagedAt = Now,
            Health = spec.HealthChecks.Select(h => new HealthState { Check = h }).ToArray(),
        };
        State.Tasks[task.Id] = task;
        var launch = new TaskLaunch(task.Id, spec.Id, spec.Version, agent.Hostname, ports, spec.Image, spec.Cmd, spec.Args,
            TaskEnvironment.For(spec, task.Id, agent.Hostname, ports), spec.Labels, spec.Cpus, spec.MemMb, spec.ForcePullImage);
        Effects.Launches.Add((task, launch));
        TaskEvents.StatusUpdate(State.Events, task, TaskStates.Staging);
        return task;
    }

    /// <summary>Sends a kill: TASK_KILLING now, removed once the runtime confirms it is gone.</summary>
    public void Kill(TaskRecord task, string reason)
    {
        if (task.IsKilling || !State.Tasks.ContainsKey(task.Id)) return;
        task.State = TaskStates.Killing;
        task.KillReason = reason;
        Effects.Kills.Add(task);
        TaskEvents.StatusUpdate(State.Events, task, TaskStates.Killing, reason);
    }

    /// <summary>An unreachable instance past expungeAfterSeconds: forgotten; its container (still running here, where
    /// the "lost" agent is this machine) is stopped, as the agent would stop it when it re-registers.</summary>
    public void Expunge(TaskRecord task)
    {
        State.Tasks.Remove(task.Id);
        Effects.Kills.Add(task);
    }

    /// <summary>Kill order of killSelection: YOUNGEST_FIRST (default) kills the most recently staged first.</summary>
    public static long KillOrder(TaskRecord task, bool oldestFirst) =>
        oldestFirst ? task.StagedAt.UtcTicks : -task.StagedAt.UtcTicks;

    public ProbeRequest ProbeFor(TaskRecord task, HealthState health)
    {
        var check = health.Check;
        var port = check.Port ?? (check.PortIndex is { } i && i < task.Ports.Count ? task.Ports[i] : 0);
        var timeout = State.Options.HealthTiming?.Timeout ?? check.Timeout;
        return new ProbeRequest(check.Protocol, task.Agent.Hostname, port, check.Path, timeout, check.IgnoreHttp1xx, check.Command);
    }
}

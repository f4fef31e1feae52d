using Delivery.Sandbox.Marathon.Deployments;
using Delivery.Sandbox.Marathon.Events;

namespace Delivery.Sandbox.Marathon.State;

/// <summary>
/// Everything the emulated Marathon knows: agents, apps with versions, tasks, running deployments. All reads and
/// writes happen under <see cref="Gate"/>; nothing awaits while holding it (I/O with the runtime happens after).
/// </summary>
public sealed class MarathonState
{
    public MarathonState(MarathonEmulatorOptions options, MarathonTime time, EventBus events)
    {
        Options = options;
        Time = time;
        Events = events;
        Agents = options.Agents.Select((a, i) => new Agent(a, i)).ToList();
        LocalRegion = options.LocalRegion ?? Agents.FirstOrDefault()?.Region ?? "";
        Random = new Random(options.RandomSeed);
    }

    public Lock Gate { get; } = new();
    public MarathonEmulatorOptions Options { get; }
    public MarathonTime Time { get; }
    public EventBus Events { get; }
    public IReadOnlyList<Agent> Agents { get; }
    public string LocalRegion { get; }
    public Random Random { get; }
    public string FrameworkId { get; } = $"{Guid.NewGuid()}-0000";

    public Dictionary<string, AppRecord> Apps { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TaskRecord> Tasks { get; } = new(StringComparer.Ordinal);
    public List<Deployment> Deployments { get; } = [];

    /// <summary>Version of the last change to any app (the root group's version); null before the first.</summary>
    public string? RootVersion { get; set; }

    private int _nextServicePort = Marathon.Apps.AppNormalizer.ServicePortMin;

    public int NextServicePort() => _nextServicePort++;

    public IEnumerable<TaskRecord> TasksOf(string appId) => Tasks.Values.Where(t => t.AppId == appId);

    public IEnumerable<Deployment> DeploymentsTouching(string appId) => Deployments.Where(d => d.AffectedApps.Contains(appId));

    public bool IsLocked(string appId) => Deployments.Any(d => d.AffectedApps.Contains(appId));
}

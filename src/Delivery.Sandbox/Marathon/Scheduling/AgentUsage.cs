using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>What the tasks on one agent hold (cpus, mem, host ports). Built once per scheduler pass.</summary>
public sealed class AgentUsage
{
    public double Cpus { get; private set; }
    public double MemMb { get; private set; }
    public HashSet<int> Ports { get; } = [];
    public int TaskCount { get; private set; }

    public void Add(double cpus, double mem, IEnumerable<int> ports)
    {
        Cpus += cpus;
        MemMb += mem;
        Ports.UnionWith(ports);
        TaskCount++;
    }

    /// <summary>Usage of every agent by every task that still holds resources (killing tasks hold them until dead).</summary>
    public static Dictionary<Agent, AgentUsage> Of(IReadOnlyList<Agent> agents, IEnumerable<TaskRecord> tasks)
    {
        var usage = agents.ToDictionary(a => a, _ => new AgentUsage());
        foreach (var task in tasks)
            if ((task.IsActive || task.IsKilling) && usage.TryGetValue(task.Agent, out var u)) u.Add(task.Cpus, task.MemMb, task.Ports);
        return usage;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>
/// Where one more instance of an app may go: resources (cpus, mem, free host ports in the agent's range) and the
/// constraints of Constraints.scala. Pure: it reads agents, usage and the app's current tasks, and changes nothing.
/// </summary>
public static class Placement
{
    public const string UnfulfilledConstraint = "UnfulfilledConstraint";
    public const string InsufficientCpus = "InsufficientCpus";
    public const string InsufficientMemory = "InsufficientMemory";
    public const string InsufficientPorts = "InsufficientPorts";
    public const string UnfulfilledRegion = "UnfulfilledConstraint";

    public sealed record Decision(Agent? Agent, IReadOnlyList<int> Ports, IReadOnlyList<(Agent Agent, IReadOnlyList<string> Reasons)> Rejections);

    /// <param name="appTaskAgents">Agents of the app's tasks that count for constraints (active ones).</param>
    public static Decision Place(AppSpec app, IReadOnlyList<Agent> agents, IReadOnlyDictionary<Agent, AgentUsage> usage,
        IReadOnlyList<Agent> appTaskAgents, string localRegion)
    {
        var rejections = new List<(Agent, IReadOnlyList<string>)>();
        var candidates = new List<(Agent Agent, List<int> Ports)>();
        // Without an @region constraint Marathon only uses the local region (fault-domain-awareness.md).
        var regionPinned = app.Constraints.Any(c => c.Field == "@region");
        bool InRegion(Agent a) => regionPinned || a.Region == localRegion;
        // GROUP_BY spreads over the values of the agents the app may use at all (region and the other constraints).
        var domain = agents.Where(a => a.Reachable && InRegion(a)
            && app.Constraints.Where(c => c.Operator != "GROUP_BY").All(c => Meets(c, a, [], appTaskAgents))).ToList();
        foreach (var agent in agents.Where(a => a.Reachable))
        {
            var reasons = new List<string>();
            if (!InRegion(agent)) reasons.Add(UnfulfilledRegion);
            else if (!app.Constraints.All(c => Meets(c, agent, domain, appTaskAgents)))
                reasons.Add(UnfulfilledConstraint);
            var u = usage[agent];
            if (agent.Options.Cpus - u.Cpus < app.Cpus - 1e-9) reasons.Add(InsufficientCpus);
            if (agent.Options.MemMb - u.MemMb < app.MemMb - 1e-9) reasons.Add(InsufficientMemory);
            var ports = PickPorts(app, agent, u);
            if (ports is null) reasons.Add(InsufficientPorts);
            if (reasons.Count > 0) rejections.Add((agent, reasons));
            else candidates.Add((agent, ports!));
        }
        if (candidates.Count == 0) return new Decision(null, [], rejections);
        // Spread like a cluster with random offers would: emptiest zone for this app, then emptiest agent.
        var best = candidates
            .OrderBy(c => appTaskAgents.Count(a => a.Zone == c.Agent.Zone))
            .ThenBy(c => appTaskAgents.Count(a => a == c.Agent))
            .ThenBy(c => usage[c.Agent].TaskCount)
            .ThenBy(c => c.Agent.Index)
            .First();
        return new Decision(best.Agent, best.Ports, rejections);
    }

    /// <param name="domain">Agents whose values GROUP_BY spreads over.</param>
    public static bool Meets(ConstraintSpec c, Agent agent, IReadOnlyList<Agent> domain, IReadOnlyList<Agent> appTaskAgents)
    {
        var value = agent.FieldValue(c.Field);
        var taskValues = appTaskAgents.Select(a => a.FieldValue(c.Field)).ToList();
        switch (c.Operator)
        {
            case "UNIQUE":
                return value is not null && !taskValues.Contains(value);
            case "CLUSTER":
                if (value is null) return false;
                if (c.Value is not null) return value == c.Value;
                return taskValues.All(v => v == value);
            case "GROUP_BY":
                return value is not null && GroupByAllows(c, value, domain, taskValues);
            case "LIKE":
                return value is not null && Regex.IsMatch(value, $"^(?:{c.Value})$");
            case "UNLIKE":
                return value is null || !Regex.IsMatch(value, $"^(?:{c.Value})$");
            case "MAX_PER":
                return value is not null && taskValues.Count(v => v == value) < int.Parse(c.Value ?? "0", CultureInfo.InvariantCulture);
            case "IS":
                return value is not null && SameValue(value, c.Value ?? "");
            default:
                return false;
        }
    }

    /// <summary>
    /// Even spread: a value may take one more task only if no other value has fewer. With <c>GROUP_BY n</c> the field
    /// is expected to have n values; values never seen count as having none, so tasks wait rather than pile up.
    /// </summary>
    private static bool GroupByAllows(ConstraintSpec c, string value, IReadOnlyList<Agent> domain, List<string?> taskValues)
    {
        var known = domain.Select(a => a.FieldValue(c.Field)).OfType<string>().Concat(taskValues.OfType<string>()).Distinct().ToList();
        var counts = known.ToDictionary(v => v, v => taskValues.Count(t => t == v));
        var expected = int.TryParse(c.Value, out var n) ? n : 0;
        var min = counts.Count < expected ? 0 : counts.Values.DefaultIfEmpty(0).Min();
        return counts.GetValueOrDefault(value) <= min;
    }

    // Mesos scalars are compared with three decimals; text exactly.
    private static bool SameValue(string actual, string expected) =>
        actual == expected
        || (double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && Math.Round(a, 3) == Math.Round(e, 3));

    private static List<int>? PickPorts(AppSpec app, Agent agent, AgentUsage usage)
    {
        var picked = new List<int>();
        var begin = agent.Options.PortBegin;
        var size = agent.Options.PortEnd - begin + 1;
        var cursor = agent.PortCursor;
        foreach (var port in app.Ports)
        {
            if (port.FixedHostPort is { } fixedPort)
            {
                if (fixedPort < begin || fixedPort >= begin + size || usage.Ports.Contains(fixedPort) || picked.Contains(fixedPort)) return null;
                picked.Add(fixedPort);
                continue;
            }
            int? found = null;
            for (var i = 0; i < size && found is null; i++)
            {
                var candidate = begin + (cursor + i) % size;
                if (!usage.Ports.Contains(candidate) && !picked.Contains(candidate)) found = candidate;
            }
            if (found is null) return null;
            picked.Add(found.Value);
            cursor = found.Value - begin + 1;
        }
        return picked;
    }
}

using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Marathon;

namespace Delivery.Sandbox.Host;

/// <summary>
/// Command line of the sandbox host:
/// <c>--state-dir DIR --registry URL --prometheus URL --runtime docker|memory --zones a,b,c --agents-per-zone 2
/// --max-launch-delay 10 --agent-timeout 15 --sandbox-id 1 --agent-network 127.0.1</c>. The ports default to <see cref="SandboxPorts"/>,
/// which the local environment names; <c>--marathon-port</c>, <c>--ecr-port</c> and <c>--ecr-registry-port</c> are
/// for tests that run a second host beside the sandbox, on free ports.
/// </summary>
public sealed record SandboxOptions(
    string StateDirectory,
    int MarathonPort,
    int EcrPort,
    int EcrRegistryPort,
    Uri? Registry,
    Uri? Prometheus,
    string Runtime,
    IReadOnlyList<string> Zones,
    int AgentsPerZone,
    TimeSpan? MaxLaunchDelay)
{
    /// <summary>How long the emulated Mesos master waits for a lost agent before its tasks are TASK_UNREACHABLE: a master
    /// configured with a short agent ping timeout (3 s × 5 pings), so that a zone failure plays out within a test.</summary>
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Value of the <c>delivery.sandbox</c> container label: a host only ever removes containers with its own.</summary>
    public string SandboxId { get; init; } = "1";

    /// <summary>First three octets of the agents' loopback addresses (127.0.1 → 127.0.1.1, 127.0.1.2, …).</summary>
    public string AgentNetwork { get; init; } = "127.0.1";

    public static SandboxOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"Tried to read the sandbox host's arguments but '{args[i]}' is not followed by a value (expected --name value)");
            values[args[i][2..]] = args[++i];
        }
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Int(string name, int fallback) => int.TryParse(Get(name, fallback.ToString()), out var v) && v > 0
            ? v : throw new ArgumentException($"Tried to read --{name} but '{values[name]}' is not a positive number");

        var runtime = Get("runtime", "docker");
        if (runtime is not ("docker" or "memory"))
            throw new ArgumentException($"Tried to read --runtime but '{runtime}' is neither docker nor memory");
        var unknown = values.Keys.Except(["state-dir", "marathon-port", "ecr-port", "ecr-registry-port", "registry", "prometheus", "runtime", "zones", "agents-per-zone", "max-launch-delay", "agent-timeout", "sandbox-id", "agent-network"]).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Tried to read the sandbox host's arguments but --{unknown[0]} is not one of them");
        return new SandboxOptions(
            Path.GetFullPath(Get("state-dir", Path.Combine(".nuke", "temp", "sandbox"))),
            Int("marathon-port", SandboxPorts.Marathon),
            Int("ecr-port", SandboxPorts.Ecr),
            Int("ecr-registry-port", SandboxPorts.EcrRegistry),
            values.TryGetValue("registry", out var registry) ? new Uri(registry) : null,
            values.TryGetValue("prometheus", out var prometheus) ? new Uri(prometheus) : null,
            runtime,
            Get("zones", "us-east-1a,us-east-1b,us-east-1c").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Int("agents-per-zone", 2),
            // Without --max-launch-delay each app's own maxLaunchDelaySeconds bounds its back-off, as in Marathon.
            values.ContainsKey("max-launch-delay") ? TimeSpan.FromSeconds(Int("max-launch-delay", 1)) : null)
        {
            AgentTimeout = TimeSpan.FromSeconds(Int("agent-timeout", 15)),
            SandboxId = Get("sandbox-id", "1"),
            AgentNetwork = LoopbackNetwork(Get("agent-network", "127.0.1")),
        };
    }

    private static string LoopbackNetwork(string value) =>
        System.Net.IPAddress.TryParse(value + ".1", out var address) && System.Net.IPAddress.IsLoopback(address)
            ? value
            : throw new ArgumentException($"Tried to read --agent-network but '{value}' is not the start of a loopback address (e.g. 127.0.1)");

    public string MarathonUrl => SandboxPorts.Url(MarathonPort);

    public string StatusFile => SandboxStatus.PathIn(StateDirectory);

    /// <summary>
    /// Agents as the emulator's defaults lay them out (each on its own loopback address, 100 ports each), for the
    /// zones and count asked for; Prometheus derives a task's zone from that address.
    /// </summary>
    public IReadOnlyList<AgentOptions> Agents()
    {
        var agents = new List<AgentOptions>();
        var index = 0;
        foreach (var zone in Zones)
            for (var n = 0; n < AgentsPerZone; n++, index++)
                agents.Add(new AgentOptions($"agent-{index + 1}", $"{AgentNetwork}.{index + 1}", "us-east-1", zone, 31000 + index * 100, 31099 + index * 100)
                {
                    Attributes = new Dictionary<string, string> { ["zone"] = zone, ["rack_id"] = $"rack-{index + 1}" },
                });
        return agents;
    }
}

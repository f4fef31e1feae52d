namespace Delivery.Sandbox.Marathon;

/// <summary>
/// Shape of the emulated cluster and its timing. The defaults give three zones of region us-east-1 with two
/// agents each; every agent's hostname is its own loopback address (127.0.1.1 …), so <c>hostname UNIQUE</c>
/// means something and task host:port is reachable exactly as in a real cluster.
/// </summary>
public sealed record MarathonEmulatorOptions
{
    public IReadOnlyList<AgentOptions> Agents { get; init; } = DefaultAgents();

    /// <summary>Region of the Mesos masters: apps without an <c>@region</c> constraint only go there (fault-domain doc).</summary>
    public string? LocalRegion { get; init; }

    /// <summary>Optional HTTP basic credentials; when set every /v2 and /ping call must carry them.</summary>
    public MarathonCredentials? Credentials { get; init; }

    /// <summary>host:port stamped into X-Marathon-Leader and /v2/info; null = the Host header of each request.</summary>
    public string? LeaderAddress { get; init; }

    /// <summary>Run the scheduler loop in the background (the real process). Tests turn it off and call ReconcileAsync.</summary>
    public bool RunBackgroundLoop { get; init; } = true;

    /// <summary>Pause between two background reconcile passes.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Overrides every health check's interval/grace (e.g. 2 s instead of 60 s) when set; null keeps the app's values.</summary>
    public HealthTimingOverride? HealthTiming { get; init; }

    /// <summary>Caps the relaunch back-off of failing tasks (null keeps the app's maxLaunchDelaySeconds).</summary>
    public TimeSpan? MaxLaunchDelay { get; init; }

    /// <summary>Interval of SSE keep-alive lines on /v2/events.</summary>
    public TimeSpan EventKeepAlive { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the Mesos master waits for an agent it lost before it reports the agent's tasks TASK_UNREACHABLE
    /// (agent_ping_timeout × max_agent_ping_timeouts = 15 s × 5 by default). Until then Marathon still sees them running
    /// and only their health checks fail; the app's unreachableStrategy applies from then on.
    /// </summary>
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>Events buffered per SSE subscriber before the subscriber is disconnected (Marathon: 1024).</summary>
    public int EventBufferPerSubscriber { get; init; } = 1024;

    /// <summary>Versions kept per app (Marathon --zk_max_versions, default 50).</summary>
    public int MaxVersionsPerApp { get; init; } = 50;

    /// <summary>Seed for the fault injector and port choice, so fault runs can be replayed.</summary>
    public int RandomSeed { get; init; } = 20261126;

    public static IReadOnlyList<AgentOptions> DefaultAgents()
    {
        var agents = new List<AgentOptions>();
        string[] zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
        for (var i = 0; i < 6; i++)
        {
            var zone = zones[i / 2];
            agents.Add(new AgentOptions(
                Id: $"agent-{i + 1}",
                Hostname: $"127.0.1.{i + 1}",
                Region: "us-east-1",
                Zone: zone,
                PortBegin: 31000 + i * 100,
                PortEnd: 31099 + i * 100)
            {
                Attributes = new Dictionary<string, string> { ["zone"] = zone, ["rack_id"] = $"rack-{i + 1}" },
            });
        }
        return agents;
    }
}

/// <summary>One Mesos agent: where tasks can land, with its resources, attributes and fault domain.</summary>
public sealed record AgentOptions(string Id, string Hostname, string Region, string Zone, int PortBegin, int PortEnd)
{
    public double Cpus { get; init; } = 8;
    public double MemMb { get; init; } = 16384;
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

public sealed record MarathonCredentials(string Username, string Password)
{
    // Never print the password, not even in a debugger view or a log of the options.
    public override string ToString() => $"MarathonCredentials {{ Username = {Username}, Password = *** }}";
}

/// <summary>Shorter health-check timing for a sandbox where a minute per check would make every deploy slow.</summary>
public sealed record HealthTimingOverride(TimeSpan? Interval = null, TimeSpan? GracePeriod = null, TimeSpan? Timeout = null);

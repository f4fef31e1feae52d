namespace Delivery.Sandbox.Marathon.State;

/// <summary>An emulated Mesos agent; <see cref="Reachable"/> goes false while its zone is failed by fault injection.</summary>
public sealed class Agent(AgentOptions options, int index)
{
    public AgentOptions Options { get; } = options;
    public int Index { get; } = index;
    public string Id => Options.Id;
    public string Hostname => Options.Hostname;
    public string Region => Options.Region;
    public string Zone => Options.Zone;
    public bool Reachable { get; set; } = true;

    /// <summary>When the agent became unreachable (zone failed); null while reachable.</summary>
    public DateTimeOffset? UnreachableSince { get; set; }

    /// <summary>Where the next port search starts, so a port just freed is not handed out again at once.</summary>
    public int PortCursor { get; set; }

    /// <summary>Value of a constraint field on this agent (Constraints.scala); null when the agent lacks the attribute.</summary>
    public string? FieldValue(string field) => field switch
    {
        "hostname" or "@hostname" => Hostname,
        "@region" => Region,
        "@zone" => Zone,
        _ => Options.Attributes.TryGetValue(field, out var value) ? value : null,
    };
}

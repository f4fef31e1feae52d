using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Marathon;

/// <summary>
/// A Marathon app definition (and, when read back, its status: counts, tasks, deployments). Only the members Delivery
/// reads or writes are typed; every other member lands in <see cref="Extra"/> and is written back unchanged, so a
/// GET-modify-PUT never loses what the template or another tool set (a PUT replaces the whole definition).
/// </summary>
public sealed record MarathonApp
{
    public string Id { get; init; } = "";
    public int? Instances { get; init; }
    public double? Cpus { get; init; }
    public double? Mem { get; init; }
    public double? Disk { get; init; }
    public string? Cmd { get; init; }
    public MarathonContainer? Container { get; init; }
    public Dictionary<string, string>? Labels { get; init; }

    /// <summary><c>[field, operator]</c> or <c>[field, operator, value]</c>, e.g. <c>["@zone", "IS", "us-east-1a"]</c>.</summary>
    public List<List<string>>? Constraints { get; init; }

    public List<MarathonHealthCheck>? HealthChecks { get; init; }
    public MarathonUpgradeStrategy? UpgradeStrategy { get; init; }

    /// <summary>The version timestamp: also the id for <c>/versions/{version}</c> and rollback. Output only.</summary>
    public string? Version { get; init; }
    public MarathonVersionInfo? VersionInfo { get; init; }

    public int? TasksStaged { get; init; }
    public int? TasksRunning { get; init; }
    public int? TasksHealthy { get; init; }
    public int? TasksUnhealthy { get; init; }

    /// <summary>Running deployments touching this app; non-empty means the app is locked.</summary>
    public List<MarathonDeploymentRef>? Deployments { get; init; }
    public List<MarathonTask>? Tasks { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore]
    public bool IsLocked => Deployments is { Count: > 0 };

    /// <summary>The image of a Docker app, or null.</summary>
    [JsonIgnore]
    public string? Image => Container?.Docker?.Image;

    // Members Marathon computes; sent back they would be ignored at best, and "version" next to other members is a
    // 422 ("The 'version' field may only be combined with the 'id' field.").
    private static readonly string[] OutputOnlyExtras =
        ["lastTaskFailure", "tasksStats", "taskStats", "readinessCheckResults", "storeUrls"];

    /// <summary>The definition without status members: what a POST or PUT sends.</summary>
    public MarathonApp ForWrite() => this with
    {
        Version = null, VersionInfo = null, TasksStaged = null, TasksRunning = null, TasksHealthy = null,
        TasksUnhealthy = null, Deployments = null, Tasks = null,
        Extra = Extra?.Where(e => !OutputOnlyExtras.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value),
    };
}

public sealed record MarathonContainer
{
    public string? Type { get; init; }
    public MarathonDocker? Docker { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record MarathonDocker
{
    public string? Image { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record MarathonHealthCheck
{
    public string? Protocol { get; init; }
    public string? Path { get; init; }
    public int? PortIndex { get; init; }
    public int? Port { get; init; }
    public MarathonCommand? Command { get; init; }
    public int? GracePeriodSeconds { get; init; }
    public int? IntervalSeconds { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int? MaxConsecutiveFailures { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record MarathonCommand(string Value);

/// <summary>Both in [0, 1]; Marathon's defaults are 1 and 1.</summary>
public sealed record MarathonUpgradeStrategy(double? MinimumHealthCapacity = null, double? MaximumOverCapacity = null);

public sealed record MarathonVersionInfo(DateTimeOffset? LastScalingAt = null, DateTimeOffset? LastConfigChangeAt = null);

public sealed record MarathonDeploymentRef(string Id);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Marathon;

/// <summary>One task (instance) of an app, as <c>/v2/apps/{id}</c> (embedded) and <c>/v2/tasks</c> return it.</summary>
public sealed record MarathonTask
{
    public string Id { get; init; } = "";
    public string? AppId { get; init; }
    public string? Host { get; init; }
    public List<int>? Ports { get; init; }
    public List<int>? ServicePorts { get; init; }
    public string? SlaveId { get; init; }

    /// <summary>Mesos state: <c>TASK_STAGING</c>, <c>TASK_RUNNING</c>, <c>TASK_FAILED</c>, …</summary>
    public string? State { get; init; }
    public DateTimeOffset? StagedAt { get; init; }

    /// <summary>Absent or null until the task runs.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The app version the task runs: compare with the app's version to tell old tasks from new.</summary>
    public string? Version { get; init; }
    public List<MarathonHealthCheckResult>? HealthCheckResults { get; init; }
    public string? Region { get; init; }

    /// <summary>The agent's availability zone (fault domain, Marathon 1.6+).</summary>
    public string? Zone { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Every health check has reported and all say alive: Marathon's own rule for <c>tasksHealthy</c>.</summary>
    [JsonIgnore]
    public bool IsHealthy => HealthCheckResults is { Count: > 0 } results && results.All(r => r.Alive);

    [JsonIgnore]
    public bool IsRunning => State == "TASK_RUNNING";
}

/// <summary>One health check's result for a task. Old Marathon names the task in <c>taskId</c>, new in <c>instanceId</c>.</summary>
public sealed record MarathonHealthCheckResult
{
    public bool Alive { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FirstSuccess { get; init; }
    public DateTimeOffset? LastSuccess { get; init; }
    public DateTimeOffset? LastFailure { get; init; }
    public string? LastFailureCause { get; init; }
    public string? InstanceId { get; init; }
    public string? TaskId { get; init; }
}

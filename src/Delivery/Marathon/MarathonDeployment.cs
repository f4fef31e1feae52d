using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Marathon;

/// <summary>
/// A running deployment (<c>GET /v2/deployments</c>). Marathon lists a deployment until it finishes or is cancelled;
/// "gone from the list" is the only completion signal.
/// </summary>
public sealed record MarathonDeployment
{
    public string Id { get; init; } = "";
    public string? Version { get; init; }
    public List<string> AffectedApps { get; init; } = [];
    public List<string>? AffectedPods { get; init; }
    public List<MarathonDeploymentStep> Steps { get; init; } = [];
    public List<MarathonDeploymentAction> CurrentActions { get; init; } = [];

    /// <summary>1-based index of the running step; 0 before the first starts.</summary>
    public int CurrentStep { get; init; }
    public int TotalSteps { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record MarathonDeploymentStep(List<MarathonDeploymentAction> Actions);

/// <summary><c>StartApplication</c>, <c>ScaleApplication</c>, <c>RestartApplication</c>, <c>StopApplication</c>, … on an app (or pod).</summary>
public sealed record MarathonDeploymentAction
{
    public string Action { get; init; } = "";
    public string? App { get; init; }
    public string? Pod { get; init; }
    public List<JsonElement>? ReadinessCheckResults { get; init; }
}

/// <summary>What a state-changing call answers: the deployment it started and the new version.</summary>
public sealed record MarathonDeploymentResult(string DeploymentId, string? Version);

/// <summary>Tasks killed by <c>POST /v2/tasks/delete</c>; with <c>scale=true</c> Marathon answers a deployment instead.</summary>
public sealed record MarathonKillResult(IReadOnlyList<MarathonTask> Killed, MarathonDeploymentResult? Deployment);

using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Marathon.Deployments;

public static class DeploymentActions
{
    public const string Start = "StartApplication";
    public const string Stop = "StopApplication";
    public const string Scale = "ScaleApplication";
    public const string Restart = "RestartApplication";
}

public sealed record DeploymentAction(string Action, string AppId);

public sealed record DeploymentStep(IReadOnlyList<DeploymentAction> Actions);

/// <summary>
/// A running deployment plan. <see cref="Original"/> and <see cref="Target"/> hold each affected app's definition
/// before and after (null = absent), which is what DELETE /v2/deployments/{id} reverts (DeploymentPlanReverter).
/// </summary>
public sealed class Deployment
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required IReadOnlyList<DeploymentStep> Steps { get; init; }
    public required IReadOnlyDictionary<string, JsonObject?> Original { get; init; }
    public required IReadOnlyDictionary<string, JsonObject?> Target { get; init; }

    /// <summary>When the plan was stored: tasks staged since then are the ones a scale step waits for.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>1-based index of the running step; 0 before the first step starts.</summary>
    public int CurrentStep { get; set; }

    /// <summary>The apps the plan's steps act on (DeploymentPlan.affectedRunSpecIds): what locks them and what conflicts
    /// are found by. A change that leaves an app as it was is an empty plan that locks nothing.</summary>
    public IEnumerable<string> AffectedApps => Steps.SelectMany(s => s.Actions).Select(a => a.AppId).Distinct();

    public IReadOnlyList<DeploymentAction> CurrentActions =>
        CurrentStep >= 1 && CurrentStep <= Steps.Count ? Steps[CurrentStep - 1].Actions : [];
}

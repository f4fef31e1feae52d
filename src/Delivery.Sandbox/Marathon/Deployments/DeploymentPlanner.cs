using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Marathon.Deployments;

/// <summary>
/// DeploymentPlan.apply for single-app changes: removed app → StopApplication; new app → StartApplication
/// then ScaleApplication; scale-only change → ScaleApplication; config change or restart → RestartApplication;
/// a change to zero instances → ScaleApplication; no change → no step. Empty steps are dropped.
/// </summary>
public static class DeploymentPlanner
{
    /// <summary>Members that are not configuration: changing only these is a scale (or nothing).</summary>
    private static readonly string[] NonConfig = ["instances", "version", "versionInfo"];

    public static IReadOnlyList<DeploymentStep> Plan(IReadOnlyDictionary<string, (JsonObject? From, JsonObject? To, bool Restart)> changes)
    {
        var stops = new List<DeploymentAction>();
        var starts = new List<DeploymentAction>();
        var updates = new List<DeploymentAction>();
        foreach (var (appId, (from, to, restart)) in changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (to is null) { if (from is not null) stops.Add(new(DeploymentActions.Stop, appId)); continue; }
            if (from is null)
            {
                starts.Add(new(DeploymentActions.Start, appId));
                updates.Add(new(DeploymentActions.Scale, appId));
                continue;
            }
            var kind = Classify(from, to);
            // An app scaled to zero is scaled, whatever else changed (DeploymentPlan.scala: isScaledToZero before needsRestart).
            if (kind != ChangeKind.None && to["instances"]?.GetValue<int>() == 0) updates.Add(new(DeploymentActions.Scale, appId));
            else if (restart || kind == ChangeKind.Config) updates.Add(new(DeploymentActions.Restart, appId));
            else if (kind == ChangeKind.Scale) updates.Add(new(DeploymentActions.Scale, appId));
        }
        return new[] { stops, starts, updates }.Where(s => s.Count > 0).Select(s => new DeploymentStep(s)).ToList();
    }

    public enum ChangeKind { None, Scale, Config }

    public static ChangeKind Classify(JsonObject from, JsonObject to)
    {
        if (!JsonNode.DeepEquals(WithoutNonConfig(from), WithoutNonConfig(to))) return ChangeKind.Config;
        return JsonNode.DeepEquals(from["instances"], to["instances"]) ? ChangeKind.None : ChangeKind.Scale;
    }

    private static JsonObject WithoutNonConfig(JsonObject app)
    {
        var copy = (JsonObject)app.DeepClone();
        foreach (var name in NonConfig) copy.Remove(name);
        return copy;
    }
}

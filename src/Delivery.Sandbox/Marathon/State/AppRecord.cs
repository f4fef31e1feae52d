using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Apps;

namespace Delivery.Sandbox.Marathon.State;

/// <summary>A stored app: current definition, its version history, failure memory and launch back-off.</summary>
public sealed class AppRecord(JsonObject definition)
{
    public JsonObject Definition { get; private set; } = definition;
    public AppSpec Spec { get; private set; } = AppSpec.From(definition);
    public string Id => Spec.Id;

    /// <summary>Stored versions, oldest first (bounded by MaxVersionsPerApp).</summary>
    public List<(string Version, JsonObject Definition)> Versions { get; } = [];

    public TaskFailure? LastTaskFailure { get; set; }
    public TimeSpan? CurrentDelay { get; set; }
    public DateTimeOffset DelayUntil { get; set; } = DateTimeOffset.MinValue;
    public DateTimeOffset DelayReference { get; set; }

    /// <summary>When the health checks of the current version began to tick: every task of the app is probed on the same
    /// ticks, every interval from here (one HealthCheckActor per app version and check in Marathon).</summary>
    public DateTimeOffset? HealthTicksSince { get; set; }

    /// <summary>Versions whose health checks run, with how many checks each has (see HealthCheckRegistry).</summary>
    public Dictionary<string, int> CheckedVersions { get; } = new(StringComparer.Ordinal);

    /// <summary>Last placement attempt that left instances unplaced, for /v2/queue.</summary>
    public QueueInfo? Queue { get; set; }

    public void Replace(JsonObject definition, int maxVersions, bool storeVersion = true)
    {
        Definition = definition;
        Spec = AppSpec.From(definition);
        if (storeVersion && Versions.All(v => v.Version != Spec.Version)) Versions.Add((Spec.Version, (JsonObject)definition.DeepClone()));
        while (Versions.Count > maxVersions) Versions.RemoveAt(0);
    }
}

/// <param name="Count">Instances wanted but not placed.</param>
/// <param name="Rejections">Per agent, why its offer did not fit (Marathon's NoOfferMatchReason names).</param>
public sealed record QueueInfo(int Count, DateTimeOffset Since, DateTimeOffset LastAttempt, IReadOnlyList<(Agent Agent, IReadOnlyList<string> Reasons)> Rejections);

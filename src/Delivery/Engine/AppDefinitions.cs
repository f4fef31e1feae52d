using Delivery.Core.Canary;
using Delivery.Core.Values;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Turns the pipeline's Marathon template into the definitions the engine writes: the stable app at a release, the
/// canary app beside it, and the ledger. The template keeps everything the team set (resources, health checks,
/// ports); the engine fills in id, instances, the pinned image, labels and the zone spread.
/// </summary>
public static class AppDefinitions
{
    /// <summary>
    /// A restore: every new task starts at once (over-capacity 1) and no old one stops before its replacement is healthy
    /// (minimum health capacity 1), so healthy capacity never drops below 100% while the release under it changes.
    /// </summary>
    public static readonly MarathonUpgradeStrategy RestoreUpgrade = new(MinimumHealthCapacity: 1, MaximumOverCapacity: 1);

    /// <summary>
    /// The stable app back at an earlier release: its recorded definition (<paramref name="recorded"/>, from Marathon's
    /// versions store: environment, health checks and resources as that release ran them) or, when Marathon no longer
    /// has it, today's template with that release's image; at <paramref name="instances"/>, restore upgrade strategy.
    /// </summary>
    public static MarathonApp Restored(DeploymentTarget target, Release release, int instances, ReleaseHistory history, MarathonApp? recorded, string? runId)
    {
        var restoredBy = new Dictionary<string, string> { [StableLabels.RestoredBy] = runId ?? "unknown" };
        if (recorded is null)
        {
            var fresh = Stable(target, release, instances, history, RestoreUpgrade);
            return fresh with { Labels = Merge(fresh.Labels, restoredBy) };
        }
        return recorded.ForWrite() with
        {
            Id = target.StableAppId, Instances = instances, Container = WithImage(recorded.Container, release.Image),
            Labels = Merge(Merge(Without(recorded.Labels, ReleaseHistory.Label), StableLabels.For(release, history)), restoredBy),
            UpgradeStrategy = RestoreUpgrade,
        };
    }

    // A recorded definition carries the labels of its own time: its history and whoever restored it then are not today's.
    private static Dictionary<string, string> Without(IReadOnlyDictionary<string, string>? labels, string key) =>
        (labels ?? new Dictionary<string, string>()).Where(l => l.Key != key && l.Key != StableLabels.RestoredBy)
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    public static MarathonApp Stable(DeploymentTarget target, Release release, int instances, ReleaseHistory history,
        MarathonUpgradeStrategy? upgrade = null)
    {
        var template = Template(target);
        return template with
        {
            Id = target.StableAppId, Instances = instances, Container = WithImage(template.Container, release.Image),
            Labels = Merge(template.Labels, StableLabels.For(release, history)), Constraints = Spread(template.Constraints, target.Zones),
            UpgradeStrategy = upgrade ?? template.UpgradeStrategy,
        };
    }

    public static MarathonApp Canary(DeploymentTarget target, CanaryAction.PlaceCanary place)
    {
        var template = Template(target);
        return template with
        {
            Id = target.CanaryAppId, Instances = place.Instances, Container = WithImage(template.Container, place.Release.Image),
            Labels = Merge(Merge(template.Labels, StableLabels.ForCanary(place.Release)), place.Labels),
            Constraints = Spread(template.Constraints, target.Zones),
        };
    }

    /// <summary>A zero-instance app whose labels hold the run status: writes to it start nothing.</summary>
    public static MarathonApp Ledger(DeploymentTarget target, IReadOnlyDictionary<string, string> labels) => ZeroInstances(target.LedgerAppId, labels);

    /// <summary>The zero-instance app of one lease epoch (<see cref="Core.Leases.LeaseApps"/>).</summary>
    public static MarathonApp Lease(string id, IReadOnlyDictionary<string, string> labels) => ZeroInstances(id, labels);

    private static MarathonApp ZeroInstances(string id, IReadOnlyDictionary<string, string> labels) => new()
    {
        Id = id, Instances = 0, Cpus = 0.01, Mem = 8, Cmd = "sleep infinity",
        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
    };

    private static MarathonApp Template(DeploymentTarget target) => MarathonJson.Deserialize<MarathonApp>(target.Pipeline.Marathon.TemplateJson);

    private static MarathonContainer WithImage(MarathonContainer? container, ImageReference image)
    {
        var current = container ?? new MarathonContainer { Type = "DOCKER" };
        return current with { Docker = (current.Docker ?? new MarathonDocker()) with { Image = image.ToString() } };
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? first, IReadOnlyDictionary<string, string> second)
    {
        var merged = new Dictionary<string, string>(first ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in second) merged[key] = value;
        return merged;
    }

    // Every zone gets the same share (GROUP_BY with the count, so Marathon does not spread by offer order) and no
    // task lands outside the pipeline's zones (Marathon's constraint operators).
    private static List<List<string>> Spread(List<List<string>>? constraints, IReadOnlyList<Zone> zones)
    {
        var kept = (constraints ?? []).Where(c => c.Count == 0 || c[0] != "@zone").ToList();
        kept.Add(["@zone", "GROUP_BY", zones.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kept.Add(["@zone", "LIKE", string.Join('|', zones.Select(z => z.Name))]);
        return kept;
    }
}

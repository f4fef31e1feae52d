using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Core.Pipelines;

/// <summary>
/// One deployable service, as declared in <c>pipelines/&lt;name&gt;.yaml</c>. The engine reads pipelines, never writes them.
/// </summary>
/// <param name="Name">The file's base name, e.g. <c>lobby</c>; also the service label on both Marathon apps.</param>
/// <param name="Source">Folder (relative to the repository root, forward slashes) whose changes trigger a deploy.</param>
/// <param name="Zones">The zones to deploy to, or null for every zone of the environment (see <see cref="ZonesIn"/>).</param>
/// <param name="Instances">Size of the stable app, over all zones.</param>
public sealed record Pipeline(
    string Name,
    string Source,
    ImageSpec Image,
    MarathonAppSpec Marathon,
    IReadOnlyList<Zone>? Zones,
    int Instances,
    CanaryPolicy Canary)
{
    /// <summary>The file it was read from, relative to the repository root, e.g. <c>pipelines/lobby.yaml</c>.</summary>
    public string File { get; init; } = $"pipelines/{Name}.yaml";

    /// <summary>The zones this pipeline deploys to in <paramref name="environment"/>: its own list, or all of the environment's.</summary>
    public IReadOnlyList<Zone> ZonesIn(DeliveryEnvironment environment)
    {
        if (Zones is null) return environment.Zones;
        var missing = Zones.Where(z => !environment.Zones.Contains(z)).ToList();
        if (missing.Count > 0)
            throw new DeliveryException(
                $"Tried to use pipeline {Name} in environment {environment.Name} but failed because zone(s) " +
                $"{string.Join(", ", missing)} are not among its zones {string.Join(", ", environment.Zones)}.");
        return Zones;
    }
}

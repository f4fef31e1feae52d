namespace Delivery.Docker;

/// <summary>Bakes an image from a context folder. Ours, not Docker's, so another builder (BuildKit, buildah) can replace it.</summary>
public interface IImageBuilder
{
    Task<BuiltImage> BuildAsync(BuildRequest request, IProgress<string> progress, CancellationToken ct);
}

/// <param name="Name">Human name for messages, e.g. the pipeline (<c>lobby</c>).</param>
/// <param name="SourceTime">Time written into the context tar; the commit time keeps repeat bakes identical.</param>
/// <param name="Tag">Local name given to the result, e.g. <c>games/lobby:3f2a…</c>.</param>
public sealed record BuildRequest(
    string Name,
    string ContextDirectory,
    string DockerfilePath,
    IReadOnlyDictionary<string, string> BuildArgs,
    string? Target,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset SourceTime,
    string Tag);

/// <param name="ImageId">The engine's image id (<c>sha256:</c> of the config), not the registry digest.</param>
public sealed record BuiltImage(string ImageId, string Tag, int Steps, int CachedSteps);

/// <summary>Moves a baked image to a registry. The engine's own push, or any OCI client.</summary>
public interface IImagePusher
{
    Task<PushResult> PushAsync(PushRequest request, IProgress<string> progress, CancellationToken ct);
}

/// <param name="LocalImage">The image as the builder tagged it.</param>
/// <param name="Target">Where it goes: <c>registry/repository:tag</c>.</param>
public sealed record PushRequest(string LocalImage, Core.Values.ImageReference Target, Ecr.RegistryLogin Login);

/// <summary>What the push did: the manifest digest, and which layers (by diff id) went up or were already there.</summary>
public sealed record PushResult(Core.Values.Digest Digest, IReadOnlySet<string> PushedLayers, IReadOnlySet<string> ExistingLayers, IReadOnlyList<string> DiffIds);

using Delivery.Core.Values;

namespace Delivery.Docker;

/// <summary>Moves a baked image to a registry. The engine's own push, or any OCI client.</summary>
public interface IImagePusher
{
    Task<PushResult> PushAsync(PushRequest request, IProgress<string> progress, CancellationToken ct);
}

/// <param name="LocalImage">The image as the builder tagged it.</param>
/// <param name="Target">Where it goes: <c>registry/repository:tag</c>.</param>
/// <param name="Credentials">How the engine logs in to the target's registry.</param>
public sealed record PushRequest(string LocalImage, ImageReference Target, RegistryCredentials Credentials);

/// <summary>What the push did: the manifest digest, and which layers (by diff id) went up or were already there.</summary>
public sealed record PushResult(Digest Digest, IReadOnlySet<string> PushedLayers, IReadOnlySet<string> ExistingLayers, IReadOnlyList<string> DiffIds);

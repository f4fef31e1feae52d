using Delivery.Core.Values;

namespace Delivery.Engine;

/// <summary>
/// The port a Rollback asks before it restores anything: is the release's image still in the registry? Lifecycle
/// policies expire images, and Marathon would take an upgrade to a missing image and restart its tasks forever.
/// </summary>
public interface IReleaseImages
{
    /// <summary>True when the registry still holds the image's digest.</summary>
    Task<bool> ExistsAsync(ImageReference image, CancellationToken ct);
}

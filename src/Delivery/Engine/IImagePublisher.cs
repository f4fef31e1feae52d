using Delivery.Images;

namespace Delivery.Engine;

/// <summary>Bake and push, as Deploy needs it: the release pinned by digest, with the push figures. The composition
/// root plugs in the bake-and-push use case (Docker engine and ECR); unit tests a fake.</summary>
public interface IImagePublisher
{
    Task<ImageOutcome> PublishAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct);
}

using Delivery.Images;

namespace Delivery.Engine;

/// <summary>Bake and push, as Deploy needs it: the release pinned by digest, with the push figures. The real one is
/// <see cref="BakeAndPushUseCase"/> (Docker engine and ECR).</summary>
public interface IImagePublisher
{
    Task<ImageOutcome> PublishAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct);
}

using Delivery.Images;

namespace Delivery.Engine;

/// <summary>Bake and push, as Deploy needs it: the release pinned by digest, with the push figures.</summary>
public interface IImagePublisher
{
    Task<ImageOutcome> PublishAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct);
}

/// <summary>The real thing: <see cref="BakeAndPushUseCase"/> (Docker engine and ECR).</summary>
public sealed class ReleaserPublisher(Func<BakeAndPushUseCase> releaser) : IImagePublisher
{
    public Task<ImageOutcome> PublishAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct) =>
        releaser().PushAsync(job, allowDirty, progress, ct);
}

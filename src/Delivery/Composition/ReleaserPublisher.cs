using Delivery.Engine;
using Delivery.Images;

namespace Delivery.Composition;

/// <summary>Deploy's image step (the engine's port) done by the bake-and-push use case: bake when needed, then push.
/// Wired here so that neither the engine nor the image code has to know the other's types beyond the image values.</summary>
internal sealed class ReleaserPublisher(BakeAndPushUseCase releaser) : IImagePublisher
{
    public Task<ImageOutcome> PublishAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct) =>
        releaser.PushAsync(job, allowDirty, progress, ct);
}

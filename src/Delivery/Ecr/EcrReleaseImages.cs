using Delivery.Core.Values;
using Delivery.Engine;

namespace Delivery.Ecr;

/// <summary>Whether ECR still holds a release's image (BatchGetImage by digest), for a Rollback to check before it restores.</summary>
/// <param name="registry">Asked for the registry on the first question only: most runs never ask one.</param>
public sealed class EcrReleaseImages(Func<IEcrRegistry> registry) : IReleaseImages
{
    public async Task<bool> ExistsAsync(ImageReference image, CancellationToken ct)
    {
        if (image.Digest is not { } digest) return false;
        return await registry().GetManifestAsync(image.Repository, digest.ToString(), ct).ConfigureAwait(false) is not null;
    }
}

using System.Globalization;
using Delivery.Git;

namespace Delivery.Images;

/// <summary>The labels every release image carries (OCI annotation keys, plus Delivery's own).</summary>
public static class ImageLabels
{
    public const string Revision = "org.opencontainers.image.revision";
    public const string Source = "org.opencontainers.image.source";
    public const string Created = "org.opencontainers.image.created";
    public const string Pipeline = "org.delivery.pipeline";
    public const string Dirty = "org.delivery.dirty";

    /// <summary>
    /// <c>created</c> is the commit time, not now: a label that changed on every bake would change the image config,
    /// hence the digest, and rebuilding one commit on a warm cache would no longer give the same image.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(string pipeline, GitRelease release) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [Revision] = release.Commit.Value,
        [Source] = release.Source,
        [Created] = release.CommittedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        [Pipeline] = pipeline,
        [Dirty] = release.Dirty ? "true" : "false",
    };
}

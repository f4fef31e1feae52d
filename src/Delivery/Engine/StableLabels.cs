using Delivery.Core.Canary;
using Delivery.Core.Values;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// The labels the engine puts on the stable and canary apps. Plain <c>service</c>, <c>track</c> and <c>release</c> are
/// what load balancers and Prometheus's relabelling read; <c>delivery.commit</c> and the history are what the engine
/// reads back. They change only together with the image, because every label change restarts the app's tasks.
/// </summary>
public static class StableLabels
{
    public const string Service = "service", Track = "track", ReleaseLabel = "release", Commit = "delivery.commit",
        RestoredBy = "delivery.restored-by";
    public const string StableTrack = "stable";

    public static IReadOnlyDictionary<string, string> For(Release release, ReleaseHistory history)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Service] = release.Pipeline, [Track] = StableTrack, [ReleaseLabel] = release.Commit.Short,
            [Commit] = Release.TagFor(release.Commit, release.Dirty),
        };
        if (history.Entries.Count > 0) labels[ReleaseHistory.Label] = history.Encode();
        return labels;
    }

    /// <summary>Labels a canary app carries besides <see cref="CanaryAppLabels"/>: the same service, another track.</summary>
    public static IReadOnlyDictionary<string, string> ForCanary(Release release) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Service] = release.Pipeline, [Track] = CanaryAppLabels.CanaryTrack, [ReleaseLabel] = release.Commit.Short,
    };

    /// <summary>The release an app runs, from its pinned image and its commit label; null when either is missing.</summary>
    public static Release? TryRead(MarathonApp app, string pipeline) =>
        ImageReference.TryParse(app.Image, out var image) ? TryRead(app.Labels, image, pipeline) : null;

    /// <summary>The release of an app's <paramref name="labels"/> and <paramref name="image"/>; null unless both are there.</summary>
    public static Release? TryRead(IReadOnlyDictionary<string, string>? labels, ImageReference image, string pipeline)
    {
        if (image.Digest is null) return null;
        if (labels is null || !labels.TryGetValue(Commit, out var tag)) return null;
        var dirty = tag.EndsWith("-dirty", StringComparison.Ordinal);
        var commit = dirty ? tag[..^6] : tag;
        return commit.Length == 40 && commit.All(Uri.IsHexDigit) ? new Release(pipeline, new CommitId(commit), image, dirty) : null;
    }

    public static ReleaseHistory History(MarathonApp app) =>
        app.Labels is null ? ReleaseHistory.Empty : ReleaseHistory.FromLabels(app.Labels);
}

using Delivery.Core.Values;

namespace Delivery.Core.Canary;

/// <summary>What a canary app's own labels say about the run that created it.</summary>
public sealed record CanaryAppFacts(string Pipeline, string RunId, Release Stable, Release Canary, int StableSize);

/// <summary>
/// Labels written on the canary app when it is created and never changed afterwards: Marathon counts a label
/// change as a configuration change and restarts every task, so the step the run is on
/// lives in the status, not here. They make an orphaned canary self-describing: whoever finds it, even with the
/// status lost, knows which stable release and size to restore before removing it.
/// </summary>
public static class CanaryAppLabels
{
    public const string Track = "delivery.track", Pipeline = "delivery.pipeline", Run = "delivery.run",
        Release = "delivery.release", StableRelease = "delivery.stable", StableSize = "delivery.stable-size",
        Started = "delivery.started";

    public const string CanaryTrack = "canary";

    /// <summary>The labels for the canary app of <paramref name="status"/>'s run; the same status gives the same labels.</summary>
    public static IReadOnlyDictionary<string, string> For(CanaryStatus status)
    {
        var canary = status.Canary ?? throw new ArgumentException("A canary app needs the status of a run with a canary release.", nameof(status));
        var stable = status.Stable ?? throw new ArgumentException("A canary app needs the status of a run with a stable release.", nameof(status));
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Track] = CanaryTrack, [Pipeline] = canary.Pipeline, [Run] = status.RunId ?? "",
            [Release] = LabelFormat.Release(canary), [StableRelease] = LabelFormat.Release(stable),
            [StableSize] = LabelFormat.Int(status.StableSize), [Started] = LabelFormat.Time(status.StepStartedAt ?? DateTimeOffset.UnixEpoch),
        };
    }

    /// <summary>The facts on a canary app, or null when its labels are missing or garbled (not a canary this engine made).</summary>
    public static CanaryAppFacts? TryRead(IReadOnlyDictionary<string, string> labels)
    {
        string? Get(string key) => labels.TryGetValue(key, out var value) ? value : null;
        if (Get(Track) != CanaryTrack || Get(Pipeline) is not { Length: > 0 } pipeline || Get(Run) is not { Length: > 0 } run) return null;
        if (!LabelFormat.TryRelease(Get(Release), pipeline, out var canary)
            || !LabelFormat.TryRelease(Get(StableRelease), pipeline, out var stable)
            || !LabelFormat.TryInt(Get(StableSize), out var size)) return null;
        return new CanaryAppFacts(pipeline, run, stable, canary, size);
    }
}

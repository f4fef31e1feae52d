using Delivery.Core.Values;

namespace Delivery.Images;

public enum ImageOutcomeKind
{
    /// <summary>Baked and pushed now.</summary>
    Pushed,
    /// <summary>ECR already held this release's tag: nothing baked, nothing uploaded.</summary>
    AlreadyPushed,
    /// <summary>Baked locally, not pushed (the Bake target alone).</summary>
    Baked,
}

/// <summary>Bytes and blobs a push moved, against what the registry already had.</summary>
public sealed record PushStatistics(long BytesUploaded, int BlobsUploaded, int BlobsSkipped, long ImageBytes)
{
    public static PushStatistics None { get; } = new(0, 0, 0, 0);
}

/// <summary>What bake and push did for one pipeline; <see cref="Release"/> is pinned by digest once pushed.</summary>
public sealed record ImageOutcome(
    ImageOutcomeKind Kind,
    Release? Release,
    string Tag,
    CommitId Commit,
    bool Dirty,
    string? LocalImageId,
    bool BakeSkipped,
    PushStatistics Push,
    IReadOnlyDictionary<string, TimeSpan> Timings);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Images;

/// <summary>
/// The <c>--report FILE</c> record of Bake and Push: per pipeline the release (commit, image digest), push figures,
/// timings and outcome. No credential or token ever goes in here.
/// </summary>
public static class ImageReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Entry(
        string Pipeline,
        string Outcome,
        string? Reason,
        ReleaseEntry? Release,
        PushEntry? Push,
        IReadOnlyDictionary<string, double>? TimingsSeconds);

    public sealed record ReleaseEntry(string Commit, string Tag, bool Dirty, string? Image, string? ImageDigest, string? LocalImageId);

    public sealed record PushEntry(long BytesUploaded, int BlobsUploaded, int BlobsSkipped, long ImageBytes, bool BakeSkipped);

    public static Entry From(string pipeline, ImageOutcome outcome) => new(
        pipeline,
        outcome.Kind.ToString(),
        null,
        new ReleaseEntry(outcome.Commit.Value, outcome.Tag, outcome.Dirty, outcome.Release?.Image.ToString(), outcome.Release?.Digest.ToString(), outcome.LocalImageId),
        new PushEntry(outcome.Push.BytesUploaded, outcome.Push.BlobsUploaded, outcome.Push.BlobsSkipped, outcome.Push.ImageBytes, outcome.BakeSkipped),
        outcome.Timings.ToDictionary(t => t.Key, t => Math.Round(t.Value.TotalSeconds, 3)));

    public static Entry Failed(string pipeline, string reason) => new(pipeline, "Failed", reason, null, null, null);

    public static string ToJson(IReadOnlyList<Entry> entries) =>
        JsonSerializer.Serialize(new { pipelines = entries, outcome = entries.All(e => e.Outcome != "Failed") ? "Succeeded" : "Failed" }, Json);
}

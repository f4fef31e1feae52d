using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Ecr;

/// <summary>An <c>ImageIdentifier</c>: a digest, a tag, or both (then they must agree).</summary>
public sealed record ImageId(string? Digest, string? Tag);

/// <summary>Reading and writing image ids, and finding the image one names.</summary>
internal static class ImageIds
{
    public static List<ImageId> Parse(JsonObject input, bool required)
    {
        var ids = (input["imageIds"]?.AsArray() ?? []).Select(n => new ImageId(n?["imageDigest"]?.GetValue<string>(), n?["imageTag"]?.GetValue<string>())).ToList();
        if (required && ids.Count == 0)
            throw new EcrFault("InvalidParameterException", "1 validation error detected: Value at 'imageIds' failed to satisfy constraint: Member must have length greater than or equal to 1");
        return ids;
    }

    // Caller holds the gate. A digest and a tag together must agree.
    public static StoredImage? Resolve(StoredRepository repository, ImageId id)
    {
        var digest = id.Digest ?? (id.Tag is not null && repository.Tags.TryGetValue(id.Tag, out var tagged) ? tagged : null);
        if (digest is null || (id.Tag is not null && id.Digest is not null && repository.Tags.GetValueOrDefault(id.Tag) != id.Digest)) return null;
        return repository.Images.GetValueOrDefault(digest);
    }

    public static JsonObject Node(string digest, string? tag)
    {
        var node = new JsonObject { ["imageDigest"] = digest };
        if (tag is not null) node["imageTag"] = tag;
        return node;
    }

    public static JsonObject Failure(ImageId id, string code, string reason)
    {
        var imageId = new JsonObject();
        if (id.Digest is not null) imageId["imageDigest"] = id.Digest;
        if (id.Tag is not null) imageId["imageTag"] = id.Tag;
        return new JsonObject { ["imageId"] = imageId, ["failureCode"] = code, ["failureReason"] = reason };
    }
}

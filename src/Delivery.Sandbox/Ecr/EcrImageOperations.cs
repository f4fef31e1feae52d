using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Ecr;

/// <summary>Image operations over the shared model; PutImage stores the manifest in the real registry first.</summary>
public sealed class EcrImageOperations(EcrState state, EcrRepositoryOperations repositories, RegistryBackend backend)
{
    private string Account => state.Options.AccountId;

    public JsonObject DescribeImages(JsonObject input)
    {
        var repository = Repository(input);
        var ids = ImageIds.Parse(input, required: false);
        List<StoredImage> images;
        lock (state.Gate)
        {
            if (ids.Count > 0)
            {
                images = [];
                foreach (var id in ids)
                    images.Add(ImageIds.Resolve(repository, id) ?? throw new EcrFault("ImageNotFoundException",
                        $"The image with imageId {{imageDigest:'{id.Digest ?? "null"}', imageTag:'{id.Tag ?? "null"}'}} does not exist within the repository with name '{repository.Name}' in the registry with id '{Account}'"));
                images = images.DistinctBy(i => i.Digest).ToList();
            }
            else
            {
                var status = input["filter"]?["tagStatus"]?.GetValue<string>() ?? "ANY";
                images = repository.Images.Values
                    .Where(i => status == "ANY" || (status == "TAGGED") == repository.TagsOf(i.Digest).Any())
                    .OrderBy(i => i.PushedAt).ToList();
            }
        }
        var (page, next) = ids.Count > 0 ? (images, null) : Paging.Page(images, input);
        var details = new JsonArray();
        foreach (var image in page)
        {
            var detail = new JsonObject
            {
                ["registryId"] = Account,
                ["repositoryName"] = repository.Name,
                ["imageDigest"] = image.Digest,
                ["imageSizeInBytes"] = image.SizeBytes,
                ["imagePushedAt"] = image.PushedAt,
                ["imageManifestMediaType"] = image.MediaType,
            };
            List<string> tags;
            lock (state.Gate) tags = repository.TagsOf(image.Digest).ToList();
            if (tags.Count > 0) detail["imageTags"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray());
            details.Add(detail);
        }
        var output = new JsonObject { ["imageDetails"] = details };
        if (next is not null) output["nextToken"] = next;
        return output;
    }

    public JsonObject ListImages(JsonObject input)
    {
        var repository = Repository(input);
        var status = input["filter"]?["tagStatus"]?.GetValue<string>() ?? "ANY";
        var entries = new List<JsonObject>();
        lock (state.Gate)
        {
            foreach (var image in repository.Images.Values.OrderBy(i => i.PushedAt))
            {
                var tags = repository.TagsOf(image.Digest).ToList();
                if (tags.Count == 0 && status != "TAGGED") entries.Add(new JsonObject { ["imageDigest"] = image.Digest });
                if (status != "UNTAGGED")
                    entries.AddRange(tags.Select(t => new JsonObject { ["imageDigest"] = image.Digest, ["imageTag"] = t }));
            }
        }
        var (page, next) = Paging.Page(entries, input);
        var output = new JsonObject { ["imageIds"] = new JsonArray(page.Select(e => (JsonNode)e).ToArray()) };
        if (next is not null) output["nextToken"] = next;
        return output;
    }

    public JsonObject BatchGetImage(JsonObject input)
    {
        var repository = Repository(input);
        var images = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in ImageIds.Parse(input, required: true))
        {
            StoredImage? image;
            lock (state.Gate) image = ImageIds.Resolve(repository, id);
            if (image is null) { failures.Add(ImageIds.Failure(id, "ImageNotFound", "Requested image not found")); continue; }
            images.Add(new JsonObject
            {
                ["registryId"] = Account,
                ["repositoryName"] = repository.Name,
                ["imageId"] = ImageIds.Node(image.Digest, id.Tag),
                ["imageManifest"] = image.Manifest,
                ["imageManifestMediaType"] = image.MediaType,
            });
        }
        return new JsonObject { ["images"] = images, ["failures"] = failures };
    }

    public async Task<JsonObject> BatchDeleteImageAsync(JsonObject input, CancellationToken ct)
    {
        var repository = Repository(input);
        var deleted = new JsonArray();
        var failures = new JsonArray();
        var gone = new List<string>();
        lock (state.Gate)
        {
            foreach (var id in ImageIds.Parse(input, required: true))
            {
                var image = ImageIds.Resolve(repository, id);
                if (image is null) { failures.Add(ImageIds.Failure(id, "ImageNotFound", "Requested image not found")); continue; }
                if (id.Tag is not null && id.Digest is null)
                {
                    repository.Tags.Remove(id.Tag);
                    deleted.Add(ImageIds.Node(image.Digest, id.Tag));
                    if (!repository.TagsOf(image.Digest).Any()) { repository.Images.Remove(image.Digest); gone.Add(image.Digest); }
                    continue;
                }
                // By digest: the image goes with every tag on it.
                foreach (var tag in repository.TagsOf(image.Digest).ToList()) { repository.Tags.Remove(tag); deleted.Add(ImageIds.Node(image.Digest, tag)); }
                if (repository.Images.Remove(image.Digest)) { gone.Add(image.Digest); if (id.Tag is null) deleted.Add(ImageIds.Node(image.Digest, null)); }
            }
            state.Save();
        }
        foreach (var digest in gone) await backend.DeleteManifestAsync(repository.Name, digest, ct).ConfigureAwait(false);
        return new JsonObject { ["imageIds"] = deleted, ["failures"] = failures };
    }

    public async Task<JsonObject> PutImageAsync(JsonObject input, CancellationToken ct)
    {
        var repository = Repository(input);
        var manifest = input["imageManifest"]?.GetValue<string>()
            ?? throw new EcrFault("InvalidParameterException", "1 validation error detected: Value null at 'imageManifest' failed to satisfy constraint: Member must not be null");
        var tag = input["imageTag"]?.GetValue<string>();
        var digest = DigestOf(manifest);
        if (input["imageDigest"]?.GetValue<string>() is { } claimed && claimed != digest)
            throw new EcrFault("ImageDigestDoesNotMatchException", $"Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided digest '{claimed}' does not match the digest of the manifest '{digest}'.'");
        var mediaType = input["imageManifestMediaType"]?.GetValue<string>() ?? RegistryBackend.MediaTypeOf(manifest)
            ?? throw new EcrFault("InvalidParameterException", "Invalid parameter at 'imageManifestMediaType': required when the manifest has no mediaType.");

        var result = await ImageWriter.PutAsync(state, backend, repository, manifest, digest, mediaType, tag, ct).ConfigureAwait(false);
        switch (result)
        {
            case PutResult.TagTaken:
                throw new EcrFault("ImageTagAlreadyExistsException", $"The image tag '{tag}' already exists in the '{repository.Name}' repository and cannot be overwritten because the repository is immutable.");
            case PutResult.AlreadyExists:
                throw new EcrFault("ImageAlreadyExistsException", $"Image with digest '{digest}' and tag '{tag}' already exists in the repository with name '{repository.Name}' in registry with id '{Account}'");
            case PutResult.BlobsMissing missing:
                throw new EcrFault("LayersNotFoundException", $"Layers with digests {missing.Detail} required for pushing image into repository with name '{repository.Name}' in the registry with id '{Account}' do not exist");
            case PutResult.BackendFailed failed:
                throw new EcrFault("ServerException", $"The registry store refused the manifest: {failed.Detail}", 500);
        }
        return new JsonObject
        {
            ["image"] = new JsonObject
            {
                ["registryId"] = Account,
                ["repositoryName"] = repository.Name,
                ["imageId"] = ImageIds.Node(digest, tag),
                ["imageManifest"] = manifest,
                ["imageManifestMediaType"] = mediaType,
            },
        };
    }

    public async Task<JsonObject> BatchCheckLayerAvailabilityAsync(JsonObject input, CancellationToken ct)
    {
        var repository = Repository(input);
        var layers = new JsonArray();
        var failures = new JsonArray();
        foreach (var node in input["layerDigests"]?.AsArray() ?? [])
        {
            var digest = node?.GetValue<string>() ?? "";
            if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71)
            {
                failures.Add(new JsonObject { ["layerDigest"] = digest, ["failureCode"] = "InvalidLayerDigest", ["failureReason"] = "Invalid layer digest" });
                continue;
            }
            var size = await backend.BlobSizeAsync(repository.Name, digest, ct).ConfigureAwait(false);
            var layer = new JsonObject { ["layerDigest"] = digest, ["layerAvailability"] = size is null ? "UNAVAILABLE" : "AVAILABLE" };
            if (size is not null) { layer["layerSize"] = size; layer["mediaType"] = "application/vnd.docker.image.rootfs.diff.tar.gzip"; }
            layers.Add(layer);
        }
        return new JsonObject { ["layers"] = layers, ["failures"] = failures };
    }

    public static string DigestOf(string manifest) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));

    private StoredRepository Repository(JsonObject input)
    {
        var name = EcrRepositoryOperations.RequiredName(input);
        return state.Find(name) ?? throw repositories.NotFound(name);
    }
}

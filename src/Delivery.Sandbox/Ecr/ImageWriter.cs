namespace Delivery.Sandbox.Ecr;

/// <summary>The outcome of storing a manifest, shared by PutImage and the registry's manifest PUT.</summary>
public abstract record PutResult
{
    public sealed record Stored : PutResult;
    public sealed record TagTaken(string ExistingDigest) : PutResult;
    public sealed record AlreadyExists : PutResult;
    public sealed record BlobsMissing(string Detail) : PutResult;
    public sealed record BackendFailed(string Detail) : PutResult;

    public static PutResult Ok { get; } = new Stored();
    public static PutResult Same { get; } = new AlreadyExists();
}

/// <summary>
/// Stores a manifest the one way both views use: immutability checked first, the manifest written to the real
/// registry by digest (which refuses it while a blob is missing), and only then the tag moved in the model. So a tag
/// never names an image whose blobs are not all there. One writer at a time keeps check-then-write atomic.
/// </summary>
public static class ImageWriter
{
    /// <param name="sameIsError">PutImage reports an identical manifest+tag as ImageAlreadyExists; a registry PUT simply succeeds.</param>
    public static async Task<PutResult> PutAsync(EcrState state, RegistryBackend backend, StoredRepository repository, string manifest,
        string digest, string mediaType, string? tag, CancellationToken ct, bool sameIsError = true)
    {
        await state.Writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (state.Gate)
            {
                var existing = tag is null ? null : repository.Tags.GetValueOrDefault(tag);
                if (existing == digest || (tag is null && repository.Images.ContainsKey(digest)))
                    return sameIsError ? PutResult.Same : PutResult.Ok;
                if (existing is not null && repository.Mutability == "IMMUTABLE") return new PutResult.TagTaken(existing);
            }
            var (ok, code, message) = await backend.PutManifestAsync(repository.Name, digest, mediaType, manifest, ct).ConfigureAwait(false);
            if (!ok)
                return code is "MANIFEST_BLOB_UNKNOWN" or "BLOB_UNKNOWN" ? new PutResult.BlobsMissing(message ?? code) : new PutResult.BackendFailed($"{code}: {message}");
            lock (state.Gate)
            {
                if (!repository.Images.ContainsKey(digest))
                    repository.Images[digest] = new StoredImage(digest, mediaType, manifest, state.Now, RegistryBackend.SizeOf(manifest));
                if (tag is not null) repository.Tags[tag] = digest;
                state.Save();
            }
            return PutResult.Ok;
        }
        finally
        {
            state.Writer.Release();
        }
    }
}

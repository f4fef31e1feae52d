using Delivery.Core;
using Delivery.Core.Values;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Delivery.Docker;

/// <summary>
/// Pushes through the engine (<c>POST /images/{name}/push</c> with an AuthConfig). Chosen over an OCI client of our
/// own because the engine already keeps the diff-id → compressed-blob mapping, so it never re-compresses a layer it
/// pushed before, HEADs every blob first, uploads five at a time, and writes the manifest only after every blob is
/// in (the registry refuses a manifest with missing blobs), so a broken push never leaves a tag on a partial image.
/// </summary>
public sealed class DockerImagePusher(IDockerClient docker) : IImagePusher
{
    public async Task<PushResult> PushAsync(PushRequest request, IProgress<string> progress, CancellationToken ct)
    {
        try
        {
            return await PushThroughEngineAsync(request, progress, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new DeliveryException($"Push {request.Target} failed: the Docker engine is unreachable ({request.Credentials.Scrub(e.Message)}).", e);
        }
        catch (DockerImageNotFoundException)
        {
            throw new DeliveryException($"Push {request.Target} failed: the local image {request.LocalImage} is gone (removed since the bake?).");
        }
    }

    private async Task<PushResult> PushThroughEngineAsync(PushRequest request, IProgress<string> progress, CancellationToken ct)
    {
        var target = request.Target;
        var tag = target.Tag ?? throw new ArgumentException("A push target needs a tag.", nameof(request));
        await docker.Images.TagImageAsync(request.LocalImage, new ImageTagParameters { RepositoryName = target.Name, Tag = tag }, ct).ConfigureAwait(false);
        var inspected = await docker.Images.InspectImageAsync(request.LocalImage, ct).ConfigureAwait(false);

        var output = new PushOutput();
        var relay = new SynchronousProgress<JSONMessage>(m =>
        {
            var line = output.Observe(m.ID, m.Status, m.Error?.Message ?? m.ErrorMessage);
            if (line is not null) progress.Report(line);
        });
        var auth = new AuthConfig
        {
            Username = request.Credentials.Username,
            Password = request.Credentials.Password,
            ServerAddress = request.Credentials.Host,
        };
        try
        {
            await docker.Images.PushImageAsync(target.Name, new ImagePushParameters { Tag = tag }, auth, relay, ct).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw new PushRefusedException(target, request.Credentials.Scrub(DockerImageBuilder.EngineMessage(e)));
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is not OperationCanceledException)
        {
            // The manifest goes last, so a push stopped here leaves the tag unset, never on a partial image.
            throw new OperationCanceledException($"Push {target} cancelled.", e, ct);
        }
        finally
        {
            // The registry-named tag is only a vehicle for the push; the local image keeps its own name.
            try { await docker.Images.DeleteImageAsync($"{target.Name}:{tag}", new ImageDeleteParameters { NoPrune = true }, CancellationToken.None).ConfigureAwait(false); }
            catch (DockerApiException) { /* already gone */ }
        }
        ct.ThrowIfCancellationRequested();
        if (output.Error is not null) throw new PushRefusedException(target, request.Credentials.Scrub(output.Error));
        var digest = output.Digest ?? throw new PushRefusedException(target, "the engine finished without reporting the manifest digest");
        return new PushResult(digest, output.Pushed, output.Existing, inspected.RootFS?.Layers?.ToList() ?? []);
    }
}

/// <summary>The registry (through the engine) refused or broke off a push; <see cref="Reason"/> is the engine's words, scrubbed.</summary>
public sealed class PushRefusedException(ImageReference target, string reason)
    : DeliveryException($"Push {target} failed: {reason.Trim()}")
{
    public ImageReference Target { get; } = target;
    public string Reason { get; } = reason;

    public bool IsUnauthorized => Reason.Contains("unauthorized", StringComparison.OrdinalIgnoreCase)
        || Reason.Contains("no basic auth credentials", StringComparison.OrdinalIgnoreCase)
        || Reason.Contains("authentication required", StringComparison.OrdinalIgnoreCase)
        || Reason.Contains("denied", StringComparison.OrdinalIgnoreCase);

    public bool IsTagConflict => Reason.Contains("tag invalid", StringComparison.OrdinalIgnoreCase) || Reason.Contains("TAG_INVALID", StringComparison.Ordinal);
}

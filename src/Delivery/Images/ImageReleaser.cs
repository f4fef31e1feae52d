using System.Text.Json;
using Delivery.Core;
using Delivery.Core.Values;
using Delivery.Docker;
using Delivery.Ecr;
using Delivery.Git;

namespace Delivery.Images;

/// <summary>
/// The bake-and-push use case: one image per commit, ever. Reads the release from git, checks everything it can
/// before the first side effect, skips the bake when ECR already holds the release's tag, pushes, then reads the
/// manifest back so that from here on the release is <c>repository@sha256:…</c>.
/// </summary>
public sealed class ImageReleaser(IGitRepository git, IEcrRegistry ecr, IImageBuilder builder, IImagePusher pusher, TimeProvider time)
{
    public Task<ImageOutcome> BakeAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct) =>
        RunAsync(job, allowDirty, push: false, progress, ct);

    public Task<ImageOutcome> PushAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct) =>
        RunAsync(job, allowDirty, push: true, progress, ct);

    private async Task<ImageOutcome> RunAsync(ImageJob job, bool allowDirty, bool push, IProgress<string> progress, CancellationToken ct)
    {
        var timings = new Dictionary<string, TimeSpan>();
        var clock = new Lapper(time);
        var release = git.ReadHead(job.SourceDirectory, allowDirty);
        if (job.Image.Prepare is null && !File.Exists(job.DockerfilePath))
            throw new DeliveryException($"Bake {job.Pipeline} failed: the Dockerfile {job.Image.Dockerfile} does not exist under {job.RepositoryRoot}.");
        var tag = release.Tag;
        var target = new ImageReference(await ecr.RegistryHostAsync(ct).ConfigureAwait(false), job.Image.Repository, tag, null);
        timings["resolve"] = clock.Lap();

        // One image per commit: when ECR holds the tag, the release exists already; a clean commit needs no bake.
        var existing = await ecr.FindTagAsync(job.Image.Repository, tag, ct).ConfigureAwait(false);
        timings["lookup"] = clock.Lap();
        if (existing is not null && !release.Dirty)
        {
            progress.Report($"{target.Name}:{tag} is already in ECR as {existing}: nothing to bake or push.");
            return Outcome(ImageOutcomeKind.AlreadyPushed, job, release, target, existing, null, bakeSkipped: true, PushStatistics.None, timings);
        }

        if (job.Image.Prepare is { } prepare)
        {
            progress.Report($"Preparing {job.Pipeline}: {prepare}");
            await PrepareCommand.RunAsync(job.Pipeline, prepare, job.RepositoryRoot, progress, ct).ConfigureAwait(false);
            timings["prepare"] = clock.Lap();
        }

        var local = $"{job.Image.Repository}:{tag}";
        var built = await builder.BuildAsync(new BuildRequest(
            job.Pipeline, job.ContextDirectory, job.DockerfilePath, job.Image.BuildArgs, job.Image.Target,
            ImageLabels.For(job.Pipeline, release), release.CommittedAt, local), progress, ct).ConfigureAwait(false);
        timings["bake"] = clock.Lap();
        progress.Report($"Baked {local} ({built.ImageId}, {built.CachedSteps}/{built.Steps} steps from cache)");
        if (!push)
            return Outcome(ImageOutcomeKind.Baked, job, release, target, null, built.ImageId, bakeSkipped: false, PushStatistics.None, timings);

        if (existing is not null)
            return await SameOrConflictAsync(job, release, target, existing, built.ImageId, timings, ct).ConfigureAwait(false);

        await ecr.EnsureRepositoryAsync(job.Image.Repository, ct).ConfigureAwait(false);
        var result = await PushWithFreshLoginAsync(local, target, progress, ct, job, release, built.ImageId, timings).ConfigureAwait(false);
        if (result is ImageOutcome raced) return raced;
        var pushed = (PushResult)result;
        timings["push"] = clock.Lap();

        // Read back what the tag now names: the release is the digest ECR stores, nothing else.
        var manifest = await ecr.GetManifestAsync(job.Image.Repository, tag, ct).ConfigureAwait(false)
            ?? throw new DeliveryException($"Verify {target} failed: ECR does not show the tag after the push.");
        if (manifest.Digest != pushed.Digest)
            throw new DeliveryException($"Verify {target} failed: the push reported {pushed.Digest} but ECR's tag names {manifest.Digest}.");
        timings["verify"] = clock.Lap();
        var statistics = PushStatisticsCalculator.From(pushed, manifest.Content);
        progress.Report($"Pushed {target.Pinned(pushed.Digest)}: {statistics.BytesUploaded} bytes in {statistics.BlobsUploaded} blobs, {statistics.BlobsSkipped} already present");
        return Outcome(ImageOutcomeKind.Pushed, job, release, target, pushed.Digest, built.ImageId, bakeSkipped: false, statistics, timings);
    }

    /// <summary>Pushes; a refused login is fetched again once (it may have expired mid-run), a tag taken meanwhile is resolved.</summary>
    private async Task<object> PushWithFreshLoginAsync(string local, ImageReference target, IProgress<string> progress, CancellationToken ct,
        ImageJob job, GitRelease release, string imageId, Dictionary<string, TimeSpan> timings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var login = await ecr.LoginAsync(ct).ConfigureAwait(false);
            try
            {
                return await pusher.PushAsync(new PushRequest(local, target, login), progress, ct).ConfigureAwait(false);
            }
            catch (PushRefusedException e) when (e.IsUnauthorized && attempt == 1)
            {
                ecr.ForgetLogin();
            }
            catch (PushRefusedException e) when (e.IsTagConflict)
            {
                var holder = await ecr.FindTagAsync(job.Image.Repository, target.Tag!, ct).ConfigureAwait(false);
                if (holder is null) throw;
                return await SameOrConflictAsync(job, release, target, holder, imageId, timings, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The tag exists: an identical image is success (nothing to upload); another image is refused, naming both.
    /// "Identical" compares the image config digest, which is the engine's image id.
    /// </summary>
    private async Task<ImageOutcome> SameOrConflictAsync(ImageJob job, GitRelease release, ImageReference target, Digest existing,
        string imageId, Dictionary<string, TimeSpan> timings, CancellationToken ct)
    {
        var manifest = await ecr.GetManifestAsync(job.Image.Repository, existing.ToString(), ct).ConfigureAwait(false);
        var remoteConfig = manifest is null ? null : ConfigDigestOf(manifest.Content);
        if (remoteConfig == imageId)
            return Outcome(ImageOutcomeKind.AlreadyPushed, job, release, target, existing, imageId, bakeSkipped: false, PushStatistics.None, timings);
        throw new DeliveryException(
            $"Push {target} refused: the tag is immutable and already names {existing} (config {remoteConfig ?? "unknown"}), while this bake is a different image (config {imageId}).");
    }

    private static string? ConfigDigestOf(string manifestJson)
    {
        using var document = JsonDocument.Parse(manifestJson);
        return document.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("digest", out var digest) ? digest.GetString() : null;
    }

    private static ImageOutcome Outcome(ImageOutcomeKind kind, ImageJob job, GitRelease release, ImageReference target, Digest? digest,
        string? imageId, bool bakeSkipped, PushStatistics statistics, Dictionary<string, TimeSpan> timings) =>
        new(kind,
            digest is null ? null : new Release(job.Pipeline, release.Commit, target.Pinned(digest), release.Dirty),
            release.Tag, release.Commit, release.Dirty, imageId, bakeSkipped, statistics, timings);

    /// <summary>Times each stage on the injected clock.</summary>
    private sealed class Lapper(TimeProvider time)
    {
        private long _start = time.GetTimestamp();

        public TimeSpan Lap()
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(_start, now);
            _start = now;
            return elapsed;
        }
    }
}

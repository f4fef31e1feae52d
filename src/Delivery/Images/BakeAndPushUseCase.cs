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
public sealed class BakeAndPushUseCase(IGitRepository git, IEcrRegistry ecr, IImageBuilder builder, IImagePusher pusher, TimeProvider time)
{
    /// <summary>Bakes HEAD of the job's source into a local image, unless ECR already holds this release (then nothing is built).</summary>
    public async Task<ImageOutcome> BakeAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct)
    {
        var timings = new Dictionary<string, TimeSpan>();
        var clock = new Lapper(time);
        var release = git.ReadHead(job.SourceDirectory, allowDirty);
        // A prepare step may write the Dockerfile into the context; one anywhere else must exist before anything runs.
        if (!File.Exists(job.DockerfilePath) && (job.Image.Prepare is null || !job.DockerfileInContext))
            throw new DeliveryException($"Bake {job.Pipeline} failed: the Dockerfile {job.Image.Dockerfile} does not exist under {job.RepositoryRoot}.");
        var target = new ImageReference(await ecr.RegistryHostAsync(ct).ConfigureAwait(false), job.Image.Repository, release.Tag, null);
        timings["resolve"] = clock.Lap();

        // One image per commit: when ECR holds the tag, the release exists already; a clean commit needs no bake.
        var existing = await ecr.FindTagAsync(job.Image.Repository, release.Tag, ct).ConfigureAwait(false);
        timings["lookup"] = clock.Lap();
        if (existing is not null && !release.Dirty)
        {
            progress.Report($"{target.Name}:{release.Tag} is already in ECR as {existing}: nothing to bake or push.");
            return Outcome(ImageOutcomeKind.AlreadyPushed, job, release.Commit, release.Dirty, target, existing, null, true, PushStatistics.None, timings);
        }

        if (job.Image.Prepare is { } prepare)
        {
            progress.Report($"Preparing {job.Pipeline}: {prepare}");
            await PrepareCommand.RunAsync(job.Pipeline, prepare, job.RepositoryRoot, progress, ct).ConfigureAwait(false);
            timings["prepare"] = clock.Lap();
        }
        var local = LocalTag(job, release.Tag);
        var built = await builder.BuildAsync(new BuildRequest(
            job.Pipeline, job.ContextDirectory, job.DockerfilePath, job.Image.BuildArgs, job.Image.Target,
            ImageLabels.For(job.Pipeline, release), release.CommittedAt, local), progress, ct).ConfigureAwait(false);
        timings["bake"] = clock.Lap();
        progress.Report($"Baked {local} ({built.ImageId}, {built.CachedSteps}/{built.Steps} steps from cache)");
        return Outcome(ImageOutcomeKind.Baked, job, release.Commit, release.Dirty, target, null, built.ImageId, false, PushStatistics.None, timings);
    }

    /// <summary>Bakes when needed, then pushes.</summary>
    public async Task<ImageOutcome> PushAsync(ImageJob job, bool allowDirty, IProgress<string> progress, CancellationToken ct) =>
        await PushBakedAsync(job, await BakeAsync(job, allowDirty, progress, ct).ConfigureAwait(false), progress, ct).ConfigureAwait(false);

    /// <summary>Pushes what <see cref="BakeAsync"/> produced; an outcome that needed no bake is returned as it is.</summary>
    public async Task<ImageOutcome> PushBakedAsync(ImageJob job, ImageOutcome baked, IProgress<string> progress, CancellationToken ct)
    {
        if (baked.Kind != ImageOutcomeKind.Baked || baked.LocalImageId is null) return baked;
        var timings = new Dictionary<string, TimeSpan>(baked.Timings);
        var clock = new Lapper(time);
        var target = new ImageReference(await ecr.RegistryHostAsync(ct).ConfigureAwait(false), job.Image.Repository, baked.Tag, null);

        // Looked up again: a dirty tag may exist, and another runner may have pushed this commit since the bake.
        var existing = await ecr.FindTagAsync(job.Image.Repository, baked.Tag, ct).ConfigureAwait(false);
        if (existing is not null)
            return await SameOrConflictAsync(job, baked, target, existing, timings, ct).ConfigureAwait(false);

        await ecr.EnsureRepositoryAsync(job.Image.Repository, ct).ConfigureAwait(false);
        var pushed = await PushWithFreshLoginAsync(LocalTag(job, baked.Tag), target, progress, ct).ConfigureAwait(false);
        if (pushed is null)
        {
            var holder = await ecr.FindTagAsync(job.Image.Repository, baked.Tag, ct).ConfigureAwait(false)
                ?? throw new DeliveryException($"Push {target} refused: the registry calls the tag taken, yet ECR does not show it.");
            return await SameOrConflictAsync(job, baked, target, holder, timings, ct).ConfigureAwait(false);
        }
        timings["push"] = clock.Lap();

        // Read back what the tag now names: the release is the digest ECR stores, nothing else.
        var manifest = await ecr.GetManifestAsync(job.Image.Repository, baked.Tag, ct).ConfigureAwait(false)
            ?? throw new DeliveryException($"Verify {target} failed: ECR does not show the tag after the push.");
        if (manifest.Digest != pushed.Digest)
            throw new DeliveryException($"Verify {target} failed: the push reported {pushed.Digest} but ECR's tag names {manifest.Digest}.");
        timings["verify"] = clock.Lap();
        var statistics = PushStatisticsCalculator.From(pushed, manifest.Content);
        progress.Report($"Pushed {target.Pinned(pushed.Digest)}: {statistics.BytesUploaded} bytes in {statistics.BlobsUploaded} blobs, {statistics.BlobsSkipped} already present");
        return Outcome(ImageOutcomeKind.Pushed, job, baked.Commit, baked.Dirty, target, pushed.Digest, baked.LocalImageId, false, statistics, timings);
    }

    private static string LocalTag(ImageJob job, string tag) => $"{job.Image.Repository}:{tag}";

    /// <summary>Pushes; a refused login is fetched again once (it may have expired mid-run). Null: the tag was taken meanwhile.</summary>
    private async Task<PushResult?> PushWithFreshLoginAsync(string local, ImageReference target, IProgress<string> progress, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var login = await ecr.LoginAsync(ct).ConfigureAwait(false);
            var credentials = new RegistryCredentials(login.RegistryHost, login.Username, login.Password);
            try
            {
                return await pusher.PushAsync(new PushRequest(local, target, credentials), progress, ct).ConfigureAwait(false);
            }
            catch (PushRefusedException e) when (e.IsUnauthorized && attempt == 1)
            {
                progress.Report("The registry refused the login (expired?): fetching a new one.");
                ecr.ForgetLogin();
            }
            catch (PushRefusedException e) when (e.IsTagConflict)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The tag exists: an identical image is success (nothing to upload); another image is refused, naming both.
    /// "Identical" compares the image config digest, which is the engine's image id.
    /// </summary>
    private async Task<ImageOutcome> SameOrConflictAsync(ImageJob job, ImageOutcome baked, ImageReference target, Digest existing,
        Dictionary<string, TimeSpan> timings, CancellationToken ct)
    {
        var manifest = await ecr.GetManifestAsync(job.Image.Repository, existing.ToString(), ct).ConfigureAwait(false);
        var remoteConfig = manifest is null ? null : ConfigDigestOf(manifest.Content);
        if (remoteConfig == baked.LocalImageId)
            return Outcome(ImageOutcomeKind.AlreadyPushed, job, baked.Commit, baked.Dirty, target, existing, baked.LocalImageId, false, PushStatistics.None, timings);
        throw new DeliveryException(
            $"Push {target} refused: the tag is immutable and already names {existing} (config {remoteConfig ?? "unknown"}), while this bake is a different image (config {baked.LocalImageId}).");
    }

    private static string? ConfigDigestOf(string manifestJson)
    {
        using var document = JsonDocument.Parse(manifestJson);
        return document.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("digest", out var digest) ? digest.GetString() : null;
    }

    private static ImageOutcome Outcome(ImageOutcomeKind kind, ImageJob job, CommitId commit, bool dirty, ImageReference target, Digest? digest,
        string? imageId, bool bakeSkipped, PushStatistics statistics, Dictionary<string, TimeSpan> timings) =>
        new(kind,
            digest is null ? null : new Release(job.Pipeline, commit, target.Pinned(digest), dirty),
            target.Tag!, commit, dirty, imageId, bakeSkipped, statistics, timings);

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

using Delivery.Core.Values;
using Delivery.Docker;
using Delivery.Ecr;
using Delivery.Git;

namespace Delivery.Tests.Images;

internal sealed class FakeGit(GitRelease release) : IGitRepository
{
    public GitRelease ReadHead(string path, bool allowDirty) =>
        release.Dirty && !allowDirty ? throw new Delivery.Core.DeliveryException("dirty") : release;

    public IReadOnlyList<string> ChangedFolders(string path, string fromCommit, string toCommit, IEnumerable<string> folders) => [];
}

/// <summary>ECR as a dictionary of tags to manifests, recording what was asked.</summary>
internal sealed class FakeEcr : IEcrRegistry
{
    public Dictionary<string, RegistryManifest> Tags { get; } = [];
    public Dictionary<string, RegistryManifest> ByDigest { get; } = [];
    public List<string> Calls { get; } = [];
    public int Logins { get; private set; }

    public void Store(string tag, string manifest)
    {
        var stored = new RegistryManifest(Digest.Of(System.Text.Encoding.UTF8.GetBytes(manifest)), "application/vnd.docker.distribution.manifest.v2+json", manifest);
        Tags[tag] = stored;
        ByDigest[stored.Digest.ToString()] = stored;
    }

    public Task<string> RegistryHostAsync(CancellationToken ct) => Task.FromResult("127.0.0.1:18444");
    public Task EnsureRepositoryAsync(string repository, CancellationToken ct) { Calls.Add("ensure " + repository); return Task.CompletedTask; }
    public Task<Digest?> FindTagAsync(string repository, string tag, CancellationToken ct) => Task.FromResult(Tags.GetValueOrDefault(tag)?.Digest);
    public Task<RegistryManifest?> GetManifestAsync(string repository, string reference, CancellationToken ct) =>
        Task.FromResult(Tags.GetValueOrDefault(reference) ?? ByDigest.GetValueOrDefault(reference));
    public Task<RegistryLogin> LoginAsync(CancellationToken ct) { Logins++; return Task.FromResult(new RegistryLogin(new Uri("http://127.0.0.1:18444"), "AWS", "secret-pw", DateTimeOffset.MaxValue)); }
    public void ForgetLogin() => Calls.Add("forget");
}

internal sealed class FakeBuilder(string imageId) : IImageBuilder
{
    public List<BuildRequest> Builds { get; } = [];

    public Task<BuiltImage> BuildAsync(BuildRequest request, IProgress<string> progress, CancellationToken ct)
    {
        Builds.Add(request);
        return Task.FromResult(new BuiltImage(imageId, request.Tag, 3, 1));
    }
}

/// <summary>Pushes into the fake ECR, or fails with the scripted refusals first.</summary>
internal sealed class FakePusher(FakeEcr ecr, string manifest, IReadOnlyList<string> diffIds, IReadOnlySet<string> pushed) : IImagePusher
{
    public Queue<string> Refusals { get; } = new();
    public int Pushes { get; private set; }

    /// <summary>Runs just before a scripted refusal: another runner's push landing first.</summary>
    public Action? BeforeRefusal { get; set; }

    public Task<PushResult> PushAsync(PushRequest request, IProgress<string> progress, CancellationToken ct)
    {
        Pushes++;
        if (Refusals.TryDequeue(out var reason))
        {
            BeforeRefusal?.Invoke();
            throw new PushRefusedException(request.Target, reason);
        }
        ecr.Store(request.Target.Tag!, manifest);
        var digest = ecr.Tags[request.Target.Tag!].Digest;
        var existing = diffIds.Select(Delivery.Images.PushStatisticsCalculator.ShortId).Where(id => !pushed.Contains(id)).ToHashSet();
        return Task.FromResult(new PushResult(digest, pushed, existing, diffIds));
    }
}

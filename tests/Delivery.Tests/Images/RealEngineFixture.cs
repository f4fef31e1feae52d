using System.Formats.Tar;
using Delivery.Core.Pipelines;
using Delivery.Docker;
using Delivery.Ecr;
using Delivery.Git;
using Delivery.Images;
using Delivery.Sandbox.Ecr;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Images;

/// <summary>
/// The real thing, on loopback: the Docker engine, Debian's docker-registry as a child process on a free port, the
/// ECR emulator in-process in front of it, and a tiny base image made by <c>docker import</c> of a tar we write
/// (a shell and libc copied from this machine; no public registry involved).
/// </summary>
public sealed class RealEngineFixture : IAsyncLifetime
{
    public const string BaseImage = "delivery-tests/base:1";

    public bool Available { get; private set; }
    public string? Why { get; private set; }

    /// <summary>Fails the calling test, with the reason, when the engine or the registry is missing: these tests
    /// must not pass by doing nothing. <c>./build.sh Test</c> brings both up.</summary>
    public void EnsureAvailable() =>
        Assert.True(Available, $"The real-engine tests cannot run: {Why}. Run them through ./build.sh Test, which brings up the sandbox.");
    public DockerClient Docker { get; } = DockerClientFactory.Connect();
    public EcrEmulatorHost Emulator { get; private set; } = null!;
    public FakeTimeProvider EmulatorTime { get; } = new(DateTimeOffset.UtcNow);
    private string? _storage;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _repositories = [];

    /// <summary>A fresh repository name; its local images are removed when the fixture goes.</summary>
    public string NewRepository(string prefix = "tests/svc")
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        _repositories.Add(name);
        return name;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/bin/docker-registry")) { Why = "docker-registry is not installed"; return; }
        try { await Docker.System.PingAsync(); }
        catch (Exception e) { Why = $"no Docker engine ({e.Message})"; return; }
        _storage = Directory.CreateTempSubdirectory("delivery-registry-").FullName;
        Emulator = await EcrEmulatorHost.StartAsync(new EcrEmulatorOptions
        {
            ApiPort = DockerRegistryProcess.FreePort(),
            RegistryPort = DockerRegistryProcess.FreePort(),
            TokenLifetime = TimeSpan.FromMinutes(1),
        }, _storage, EmulatorTime);
        await ImportBaseImageAsync();
        Available = true;
    }

    public EcrSpec Spec => new(Emulator.Options.AccountId, Emulator.Options.Region, Emulator.Options.ApiEndpoint);

    /// <summary>An ECR client signing with the sandbox's keys (or others, to see them refused).</summary>
    public EcrRegistry Ecr(TimeProvider time, string? secret = null, string? region = null) =>
        new(new EcrApiClient(new HttpClient(), Spec with { Region = region ?? Spec.Region },
            new StaticCredentialSource(Emulator.Options.AccessKeyId, secret ?? Emulator.Options.SecretAccessKey), time,
            Delivery.Resilience.RetryOptions.Once), time);

    public BakeAndPushUseCase Releaser(IEcrRegistry ecr, TimeProvider time) =>
        new(new LibGit2Repository(), ecr, new DockerImageBuilder(Docker), new DockerImagePusher(Docker), time);

    private async Task RemoveTestImagesAsync()
    {
        var names = _repositories.ToHashSet();
        foreach (var image in await Docker.Images.ListImagesAsync(new ImagesListParameters()))
        foreach (var tag in image.RepoTags ?? [])
        {
            var repository = tag[..tag.LastIndexOf(':')];
            if (!names.Contains(repository) && !names.Any(n => repository.EndsWith("/" + n, StringComparison.Ordinal))) continue;
            try { await Docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true }); }
            catch (DockerApiException) { /* shared layers or already gone */ }
        }
    }

    private async Task ImportBaseImageAsync()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var (inside, host) in new[]
            {
                ("bin/sh", "/bin/dash"),
                ("lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"),
                ("lib64/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2"),
            })
            {
                var entry = new GnuTarEntry(TarEntryType.RegularFile, inside)
                {
                    Mode = (UnixFileMode)0b111_101_101,
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    DataStream = File.OpenRead(new FileInfo(host).ResolveLinkTarget(true)?.FullName ?? host),
                };
                writer.WriteEntry(entry);
            }
        }
        tar.Position = 0;
        await Docker.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = "delivery-tests/base", Tag = "1" }, tar, null, new Progress<JSONMessage>());
    }

    public async Task DisposeAsync()
    {
        if (Available) await RemoveTestImagesAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
        if (_storage is not null) Directory.Delete(_storage, true);
        Docker.Dispose();
    }
}

/// <summary>A git repository holding one small service: Dockerfile, files, .dockerignore.</summary>
public sealed class ServiceRepository : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("delivery-svc-").FullName;
    private readonly Git.TempRepositoryHandle _git;

    public ServiceRepository(string dockerfile, IReadOnlyDictionary<string, byte[]>? files = null)
    {
        _git = new Git.TempRepositoryHandle(Root);
        Write("svc/Dockerfile", dockerfile);
        Write("svc/.dockerignore", "*.secret\n");
        Write("svc/app.txt", "version 1\n");
        Write("svc/token.secret", "never in the image\n");
        foreach (var (name, content) in files ?? new Dictionary<string, byte[]>()) WriteBytes(name, content);
        Commit("service");
    }

    public void Write(string relative, string content) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public void WriteBytes(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public string Commit(string message) => _git.Commit(message);

    public ImageJob Job(string repository) =>
        new("svc", Root, "svc", new ImageSpec(repository, "svc", "svc/Dockerfile", new Dictionary<string, string>()));

    public void Dispose() => _git.Dispose();
}

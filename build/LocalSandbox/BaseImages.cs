using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Delivery.Runner;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace LocalSandbox;

/// <summary>
/// The images services build on, made here because no public registry is reachable:
/// <c>delivery/debian:bookworm</c> (debootstrap minbase, then docker import) and
/// <c>delivery/dotnet-runtime:10.0</c> (that plus this machine's shared .NET frameworks, no SDK).
/// Each is tagged with a content key as well, so a change of mirror or runtime rebuilds it and nothing else does.
/// </summary>
public sealed class BaseImages(SandboxLayout layout, IDockerClient docker, IBuildLog log)
{
    public const string DebianRepository = "delivery/debian";
    public const string RuntimeRepository = "delivery/dotnet-runtime";
    private const string Suite = "bookworm";

    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var mirror = await DebianMirror.FindAsync(Suite, cancellationToken);
        var debianKey = Key($"minbase {Suite} {mirror}");
        var debian = $"{DebianRepository}:{Suite}-{debianKey}";
        if (!await ExistsAsync(debian, cancellationToken))
            await ImportDebianAsync(debian, mirror, cancellationToken);
        await TagAsync(debian, DebianRepository, Suite, cancellationToken);

        var dotnetRoot = DotnetRoot();
        var frameworks = Directory.GetDirectories(Path.Combine(dotnetRoot, "shared"), "*", SearchOption.TopDirectoryOnly)
            .SelectMany(f => Directory.GetDirectories(f).Select(v => $"{Path.GetFileName(f)}/{Path.GetFileName(v)}"))
            .Order(StringComparer.Ordinal).ToList();
        var runtimeKey = Key($"{debianKey} {string.Join(' ', frameworks)}");
        var runtime = $"{RuntimeRepository}:{runtimeKey}";
        if (!await ExistsAsync(runtime, cancellationToken))
            await BuildRuntimeAsync(debian, runtime, dotnetRoot, cancellationToken);
        await TagAsync(runtime, RuntimeRepository, "10.0", cancellationToken);
        return $"{RuntimeRepository}:10.0";
    }

    private async Task ImportDebianAsync(string image, string mirror, CancellationToken cancellationToken)
    {
        var rootfs = Path.Combine(layout.BaseImageDirectory, "rootfs");
        if (Directory.Exists(rootfs))
            Directory.Delete(rootfs, recursive: true);
        Directory.CreateDirectory(layout.BaseImageDirectory);
        log.Information($"Building the Debian base image {image}: debootstrap --variant=minbase {Suite} from {mirror} (about 30 s, once)");
        var watch = Stopwatch.StartNew();
        await ProcessRunner.RunCheckedAsync("make the Debian base file system", ProcessRunner.Which("debootstrap") ?? "debootstrap",
            ["--variant=minbase", Suite, rootfs, mirror], cancellationToken);
        // Caches and docs are dead weight in every image built on top.
        foreach (var waste in new[] { "var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale" })
            if (Directory.Exists(Path.Combine(rootfs, waste)))
                await ProcessRunner.RunAsync("find", [Path.Combine(rootfs, waste), "-mindepth", "1", "-delete"], cancellationToken);

        // tar keeps device nodes, owners and hard links exactly; its stream is what `docker import -` reads.
        var tar = Process.Start(new ProcessStartInfo("tar", ["-C", rootfs, "--numeric-owner", "-c", "."]) { RedirectStandardOutput = true })
                  ?? throw new InvalidOperationException("Tried to archive the Debian base file system but tar did not start");
        var (repository, tag) = Split(image);
        await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag },
            tar.StandardOutput.BaseStream, null, null, new Progress<JSONMessage>(), cancellationToken);
        await tar.WaitForExitAsync(cancellationToken);
        if (tar.ExitCode != 0)
            throw new InvalidOperationException($"Tried to import the Debian base image {image} but tar exited with {tar.ExitCode}");
        Directory.Delete(rootfs, recursive: true);
        log.Information($"Debian base image {image} ready in {watch.Elapsed.TotalSeconds:0} s");
    }

    private async Task BuildRuntimeAsync(string debian, string image, string dotnetRoot, CancellationToken cancellationToken)
    {
        log.Information($"Building the .NET runtime image {image} from {dotnetRoot} (shared frameworks only)");
        var context = new MemoryStream();
        await using (var writer = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            await AddAsync(writer, "Dockerfile", Encoding.UTF8.GetBytes($"""
                FROM {debian}
                COPY dotnet/ /usr/share/dotnet/
                ENV DOTNET_ROOT=/usr/share/dotnet PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
                """), cancellationToken);
            await writer.WriteEntryAsync(Path.Combine(dotnetRoot, "dotnet"), "dotnet/dotnet", cancellationToken);
            foreach (var folder in new[] { "host", "shared" })
                foreach (var file in Directory.EnumerateFiles(Path.Combine(dotnetRoot, folder), "*", SearchOption.AllDirectories))
                    await writer.WriteEntryAsync(file, "dotnet/" + Path.GetRelativePath(dotnetRoot, file).Replace('\\', '/'), cancellationToken);
        }
        context.Position = 0;
        string? error = null;
        await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [image], Remove = true, ForceRemove = true },
            context, null, null, new Progress<JSONMessage>(m => error ??= m.Error?.Message), cancellationToken);
        if (!await ExistsAsync(image, cancellationToken))
            throw new InvalidOperationException($"Tried to build the .NET runtime image {image} but Docker did not produce it: {error ?? "no error reported"}");
    }

    private static async Task AddAsync(TarWriter writer, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0b110_100_100 };
        await writer.WriteEntryAsync(entry, cancellationToken);
    }

    private async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    private Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken) =>
        docker.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, cancellationToken);

    private static (string Repository, string Tag) Split(string image) => (image[..image.LastIndexOf(':')], image[(image.LastIndexOf(':') + 1)..]);

    private static string Key(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..12];

    /// <summary>The host's .NET: DOTNET_ROOT, else the folder of the dotnet on PATH (following its symlink).</summary>
    private static string DotnetRoot()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && Directory.Exists(Path.Combine(root, "shared")))
            return root;
        var dotnet = ProcessRunner.Which("dotnet") ?? throw new InvalidOperationException("Tried to find the .NET runtime for the base image but dotnet is not on PATH");
        var resolved = new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
        return Path.GetDirectoryName(resolved)!;
    }
}

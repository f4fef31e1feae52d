using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>
/// Lobby images for tests, made the way the pipeline bakes them: <c>dotnet publish src/Lobby -c Release -o CONTEXT/app</c>
/// and <c>src/Lobby/Dockerfile</c>, on the sandbox's local base image. A bad release is the same app with another
/// <c>faults.json</c> (a one-file layer on top). Images are tagged by a hash of the lobby sources and reused.
/// </summary>
public sealed class LobbyImages(IDockerClient docker, string registryAddress)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Repository => $"{registryAddress}/sandbox-tests/lobby";

    /// <summary>The lobby as committed (its faults.json says "good"), pushed to the sandbox registry.</summary>
    public async Task<string> GoodAsync(CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var image = $"{Repository}:src-{SourceHash()}";
            if (!await ExistsAsync(image, cancellationToken))
                await BuildAsync(image, cancellationToken);
            await PushAsync(image, cancellationToken);
            return image;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The good image plus a fault plan, e.g. <c>{"crashOnStart": true}</c>; tagged by the plan's hash.</summary>
    public async Task<string> WithFaultsAsync(string faultsJson, CancellationToken cancellationToken)
    {
        var good = await GoodAsync(cancellationToken);
        var image = $"{good}-faults-{Hash(faultsJson)}";
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!await ExistsAsync(image, cancellationToken))
                await BuildFromContextAsync(image, new Dictionary<string, byte[]>
                {
                    ["Dockerfile"] = Encoding.UTF8.GetBytes($"FROM {good}\nCOPY faults.json /app/faults.json\n"),
                    ["faults.json"] = Encoding.UTF8.GetBytes(faultsJson),
                }, null, cancellationToken);
            await PushAsync(image, cancellationToken);
            return image;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task BuildAsync(string image, CancellationToken cancellationToken)
    {
        var context = Path.Combine(Path.GetTempPath(), "delivery-lobby-context-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            var publish = await RunAsync("dotnet", ["publish", Path.Combine(Infrastructure.Repository.Root, "src", "Lobby"), "-c", "Release", "-o", Path.Combine(context, "app"), "-nologo", "-v", "q"], cancellationToken);
            if (publish.ExitCode != 0)
                throw new InvalidOperationException($"Tried to publish src/Lobby for a test image but dotnet publish exited with {publish.ExitCode}:\n{publish.Output}");
            var files = new Dictionary<string, byte[]>
            {
                ["Dockerfile"] = await File.ReadAllBytesAsync(Path.Combine(Infrastructure.Repository.Root, "src", "Lobby", "Dockerfile"), cancellationToken),
            };
            await BuildFromContextAsync(image, files, Path.Combine(context, "app"), cancellationToken);
        }
        finally
        {
            if (Directory.Exists(context))
                Directory.Delete(context, recursive: true);
        }
    }

    private async Task BuildFromContextAsync(string image, Dictionary<string, byte[]> files, string? appDirectory, CancellationToken cancellationToken)
    {
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0b110_100_100 }, cancellationToken);
            if (appDirectory is not null)
                foreach (var file in Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories))
                    await writer.WriteEntryAsync(file, "app/" + Path.GetRelativePath(appDirectory, file), cancellationToken);
        }
        tar.Position = 0;
        string? error = null;
        await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = [image], Remove = true, ForceRemove = true },
            tar, null, null, new Progress<JSONMessage>(m => error ??= m.Error?.Message), cancellationToken);
        if (!await ExistsAsync(image, cancellationToken))
            throw new InvalidOperationException($"Tried to build the test image {image} but Docker did not produce it: {error ?? "no error reported (is the base image there? run ./build.sh Sandbox)"}");
    }

    private async Task PushAsync(string image, CancellationToken cancellationToken)
    {
        var colon = image.LastIndexOf(':');
        string? error = null;
        await docker.Images.PushImageAsync(image[..colon], new ImagePushParameters { Tag = image[(colon + 1)..] }, new AuthConfig(),
            new Progress<JSONMessage>(m => error ??= m.Error?.Message), cancellationToken);
        if (error is not null)
            throw new InvalidOperationException($"Tried to push the test image {image} to the sandbox registry but it refused: {error}");
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

    private static string SourceHash()
    {
        var lobby = Path.Combine(Infrastructure.Repository.Root, "src", "Lobby");
        var files = Directory.EnumerateFiles(lobby, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(lobby, file)));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}

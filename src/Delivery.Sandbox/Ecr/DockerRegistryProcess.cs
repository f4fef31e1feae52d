using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Delivery.Sandbox.Ecr;

/// <summary>
/// Debian's <c>docker-registry</c> (distribution 2.8) as a child process on a loopback port, storing under a folder
/// of ours. It is the blob store behind the ECR emulator; nothing but the emulator talks to it. Stopped by its pid.
/// </summary>
public sealed class DockerRegistryProcess : IAsyncDisposable
{
    private readonly Process _process;
    public Uri Address { get; }
    public int Port { get; }
    public string StorageDirectory { get; }
    public int ProcessId => _process.Id;

    private DockerRegistryProcess(Process process, int port, string storage)
    {
        _process = process;
        Port = port;
        StorageDirectory = storage;
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <param name="port">0 picks a free loopback port.</param>
    public static async Task<DockerRegistryProcess> StartAsync(string storageDirectory, int port = 0, string executable = "docker-registry", CancellationToken ct = default)
    {
        if (port == 0) port = FreePort();
        Directory.CreateDirectory(storageDirectory);
        var config = Path.Combine(storageDirectory, "config.yml");
        // delete: BatchDeleteImage removes manifests for real. Absolute Location headers (no relativeurls, as in the
        // sandbox's own registry) are rewritten by the proxy, and these tests go through that path.
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(storageDirectory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            """, ct).ConfigureAwait(false);
        var start = new ProcessStartInfo(executable, ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Start {executable} failed.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new DockerRegistryProcess(process, port, storageDirectory);
        try
        {
            await registry.WaitReadyAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await registry.DisposeAsync().ConfigureAwait(false); // never leave a half-started child behind
            throw;
        }
        return registry;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} on port {Port}.");
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "v2/"), ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"docker-registry did not answer on {Address} within 20 s.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
    }
}

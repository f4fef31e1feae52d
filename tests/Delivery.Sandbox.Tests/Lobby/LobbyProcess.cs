using System.Diagnostics;
using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Lobby;

/// <summary>
/// The lobby service run as a real process on a free loopback port, with a fault plan of the test's choosing
/// (LOBBY_FAULTS_FILE), and stopped by its pid when the test ends.
/// </summary>
public sealed class LobbyProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private readonly Process _process;
    private readonly string _faultsFile;

    private LobbyProcess(Process process, int port, string faultsFile)
    {
        _process = process;
        _faultsFile = faultsFile;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    public Process Process => _process;

    /// <summary>Starts the service; returns once /health answers, or once the process has exited (crash tests).</summary>
    public static async Task<LobbyProcess> StartAsync(string? faultsJson = null, string taskId = "tests_lobby.instance-1._app.1")
    {
        var dll = await LocateAsync();
        var port = Ports.Free();
        var faults = Path.Combine(Path.GetTempPath(), $"lobby-faults-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(faults, faultsJson ?? "{}");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PORT0"] = port.ToString();
        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["MESOS_TASK_ID"] = taskId;
        start.Environment["LOBBY_FAULTS_FILE"] = faults;
        var lobby = new LobbyProcess(Process.Start(start)!, port, faults);
        await lobby.WaitUntilListeningAsync();
        return lobby;
    }

    public async Task<string> StandardErrorAsync() => await _process.StandardError.ReadToEndAsync();

    /// <summary>Returns once /health answers (any status) or the process has exited; fails when neither happens in 30 s.</summary>
    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            try
            {
                using var response = await Client.GetAsync("/health");
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            catch (HttpRequestException e)
            {
                var address = Client.BaseAddress;
                // Stopped by its pid here: the caller never gets the process to dispose.
                await DisposeAsync();
                throw new TimeoutException($"Tried to start the lobby on {address} but /health did not answer within 30 s: {e.Message}", e);
            }
        }
    }

    /// <summary>The lobby's build output (the solution build makes it), else a build of src/Lobby now.</summary>
    private static async Task<string> LocateAsync()
    {
        var project = Path.Combine(Repository.Root, "src", "Lobby");
        string? Existing() => new[] { "Debug", "Release" }
            .Select(c => Path.Combine(project, "bin", c, "net10.0", "Lobby.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
        await BuildGate.WaitAsync();
        try
        {
            if (Existing() is { } dll)
                return dll;
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-nologo", "-v", "q"]) { RedirectStandardOutput = true })!;
            var output = await build.StandardOutput.ReadToEndAsync();
            await build.WaitForExitAsync();
            return Existing() ?? throw new InvalidOperationException($"Tried to build src/Lobby for its tests but no Lobby.dll came out:\n{output}");
        }
        finally
        {
            BuildGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        File.Delete(_faultsFile);
    }
}

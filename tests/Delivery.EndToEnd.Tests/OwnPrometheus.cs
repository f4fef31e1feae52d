using System.Diagnostics;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// A second real Prometheus, started by a test with the sandbox's own configuration on another port and data folder,
/// so that the test can stop it (by its pid) without touching the sandbox's.
/// </summary>
public sealed class OwnPrometheus : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private OwnPrometheus(Process process, string data, Uri url) => (_process, _data, Url) = (process, data, url);

    public Uri Url { get; }

    public static async Task<OwnPrometheus> StartAsync(string sandboxDirectory, CancellationToken ct)
    {
        var config = Path.Combine(sandboxDirectory, "prometheus", "prometheus.yml");
        var data = Path.Combine(Path.GetTempPath(), "delivery-e2e-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        const int port = 19191;
        var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port}" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 60; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(url, "-/ready"), ct)).IsSuccessStatusCode) return new OwnPrometheus(process, data, url);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(500, ct);
        }
        process.Kill();
        throw new InvalidOperationException($"The test's own Prometheus on {url} did not become ready within 30 s");
    }

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { }
    }
}

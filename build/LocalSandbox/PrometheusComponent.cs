using Delivery.Runner;
using Delivery.Sandbox.Contract;

namespace LocalSandbox;

/// <summary>
/// Debian's Prometheus, discovering tasks through the Marathon emulator with <c>marathon_sd_configs</c> exactly as it
/// would a real Marathon. Relabelling turns Marathon facts into the labels canary analysis groups by.
/// </summary>
public sealed class PrometheusComponent(SandboxLayout layout)
{
    public DetachedProcess Process { get; } = new("prometheus", layout);

    private string ConfigFile => Path.Combine(layout.PrometheusDirectory, "prometheus.yml");
    private string ReadyUrl => $"{layout.PrometheusUrl}/-/ready";

    public async Task EnsureRunningAsync(SandboxStatus host, IBuildLog log, CancellationToken cancellationToken)
    {
        var config = PrometheusConfig.Render(host, TimeSpan.FromSeconds(2), layout.PushgatewayAddress);
        var unchanged = File.Exists(ConfigFile) && await File.ReadAllTextAsync(ConfigFile, cancellationToken) == config;
        if (unchanged && Process.IsRunning && await Readiness.AnswersAsync(ReadyUrl, cancellationToken))
            return;
        if (Process.IsRunning)
            await Process.StopAsync(TimeSpan.FromSeconds(10), cancellationToken);
        await File.WriteAllTextAsync(ConfigFile, config, cancellationToken);
        await Process.StartAsync(ProcessRunner.Which("prometheus") ?? "prometheus",
        [
            $"--config.file={ConfigFile}",
            $"--storage.tsdb.path={Path.Combine(layout.PrometheusDirectory, "data")}",
            "--storage.tsdb.retention.time=2d",
            $"--web.listen-address={layout.PrometheusAddress}",
            "--web.enable-lifecycle",
        ], cancellationToken);
        await Readiness.WaitAsync(Process, ReadyUrl, TimeSpan.FromSeconds(30), cancellationToken);
        log.Information($"Prometheus: {layout.PrometheusUrl} (scraping Marathon tasks every 2 s)");
    }
}

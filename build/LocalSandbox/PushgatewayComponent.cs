using Delivery.Runner;

namespace LocalSandbox;

/// <summary>
/// Debian's Prometheus Pushgateway on loopback: Deploy, Promote and Rollback push their delivery metrics to it (the
/// <c>local</c> environment's <c>metrics.pushgateway</c>), and the sandbox's Prometheus scrapes it with
/// <c>honor_labels: true</c>. It keeps its groups in memory only: a restart starts the counters again, which PromQL's
/// rate() and increase() read as a counter reset.
/// </summary>
public sealed class PushgatewayComponent(SandboxLayout layout)
{
    public DetachedProcess Process { get; } = new("pushgateway", layout);

    private string ReadyUrl => $"{layout.PushgatewayUrl}/-/ready";

    public async Task EnsureRunningAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        if (Process.IsRunning && await Readiness.AnswersAsync(ReadyUrl, cancellationToken))
            return;
        await Process.StartAsync(ProcessRunner.Which("prometheus-pushgateway") ?? "prometheus-pushgateway",
            [$"--web.listen-address={layout.PushgatewayAddress}"], cancellationToken);
        await Readiness.WaitAsync(Process, ReadyUrl, TimeSpan.FromSeconds(20), cancellationToken);
        log.Information($"Pushgateway: {layout.PushgatewayUrl}");
    }
}

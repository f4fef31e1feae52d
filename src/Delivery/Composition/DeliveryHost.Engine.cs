using Delivery.Engine;
using Delivery.Hooks;
using Delivery.Marathon;
using Delivery.Prometheus;

namespace Delivery.Composition;

/// <summary>The engine's ports: Marathon, Prometheus, hooks, the registry check and the listeners.</summary>
public sealed partial class DeliveryHost
{
    private EngineContext CreateContext(IMarathon marathon)
    {
        var options = Options;
        var metrics = options.Metrics;
        if (metrics is null && Environment.Prometheus is { } url)
            metrics = new PrometheusMetricSource(Own(new PrometheusClient(url, options.Time)));
        var hooks = options.Hooks ?? Own(new HookRunner(options.RepositoryRoot, options.Time, options.Redact));
        // A Rollback asks ECR whether the image to restore still exists; the client is made on that first question.
        var images = options.Images ?? new Ecr.EcrReleaseImages(() => RollbackRegistry);
        var listener = options.Listener ?? Listeners();
        return new EngineContext(marathon, metrics, new ProgressLog(options.Write, options.Time), options.Settings, options.Time,
            options.Holder ?? RunIdentity.DefaultHolder(System.Environment.GetEnvironmentVariable), Journal, hooks, images, listener);
    }

    /// <summary>The environment's notification sinks and Pushgateway, or null when it names neither.</summary>
    private IRunListener? Listeners()
    {
        var options = Options;
        var warn = options.Warn ?? (line => options.Write("Warning: " + line));
        var listeners = new List<IRunListener>();
        if (Environment.Notifications.Count > 0)
        {
            var sender = Own(new Notifications.WebhookSender(options.Time));
            var reports = Reports.ReportFiles.DefaultFolder(options.RepositoryRoot);
            listeners.Add(new Notifications.Notifier(Environment.Notifications, options.Variables ?? System.Environment.GetEnvironmentVariable, sender, warn, options.Time,
                report => Path.ChangeExtension(Reports.ReportFiles.DefaultJsonPath(reports, report), ".html")));
        }
        if (Environment.Metrics is { } metrics)
        {
            var gateway = Own(new DeliveryMetrics.PushgatewayClient(metrics.Pushgateway, options.Time));
            listeners.Add(new DeliveryMetrics.MetricsPusher(gateway, commit => Git.CommittedAt(options.RepositoryRoot, commit), warn, options.Time));
        }
        return listeners.Count switch { 0 => null, 1 => listeners[0], _ => new RunListeners(listeners) };
    }
}

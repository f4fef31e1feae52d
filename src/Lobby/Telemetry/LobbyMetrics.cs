using Lobby.Faults;
using Prometheus;

namespace Lobby.Telemetry;

/// <summary>
/// The figures canary analysis compares between tracks: requests by route and status, and latency.
/// App, track, release and zone are not known here: Prometheus adds them when it discovers the task through
/// Marathon (app labels, and the agent address for the zone), so every service gets them the same way.
/// </summary>
public sealed class LobbyMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    public Counter Requests { get; } = Metrics.CreateCounter(
        "lobby_http_requests_total", "HTTP requests answered, by route template and status code.",
        new CounterConfiguration { LabelNames = ["route", "code"] });

    public Histogram Latency { get; } = Metrics.CreateHistogram(
        "lobby_http_request_duration_seconds", "Time to answer an HTTP request, by route template.",
        new HistogramConfiguration { LabelNames = ["route"], Buckets = LatencyBuckets });

    private readonly Gauge _info = Metrics.CreateGauge(
        "lobby_task_info", "Always 1; labels name the task and whether its image carries a fault plan.",
        new GaugeConfiguration { LabelNames = ["task", "faults"] });

    public void Publish(LobbySettings settings, FaultPlan faults)
    {
        _info.WithLabels(settings.TaskId ?? "", faults.IsGood ? "none" : "bad").Set(1);
    }
}

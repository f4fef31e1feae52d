using System.Diagnostics;

namespace Lobby.Telemetry;

/// <summary>Counts and times every request by its route template (not its raw path, which would explode the label set).</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, LobbyMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            if (route != "/metrics")
            {
                metrics.Requests.WithLabels(route, context.Response.StatusCode.ToString()).Inc();
                metrics.Latency.WithLabels(route).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }
}

using System.Text.Json;

namespace Delivery.Sandbox.Players;

/// <summary>One place a request can go: a running task of one of the service's apps.</summary>
public sealed record ServiceTarget(string AppId, string Track, string TaskId, string Host, int Port)
{
    public Uri BaseAddress => new($"http://{Host}:{Port}");
}

/// <summary>
/// Finds the tasks of a service the way a load balancer over Marathon does (marathon-lb, Traefik): every app carrying
/// <c>service==NAME</c>, both tracks, tasks that are running and not failing their health checks.
/// </summary>
public sealed class ServiceTargets(HttpClient marathon)
{
    public async Task<IReadOnlyList<ServiceTarget>> DiscoverAsync(string service, CancellationToken cancellationToken)
    {
        var url = $"/v2/apps?label={Uri.EscapeDataString($"service=={service}")}&embed=apps.tasks";
        using var response = await marathon.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Tried to discover the tasks of service {service} at {marathon.BaseAddress}{url.TrimStart('/')} but Marathon answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var targets = new List<ServiceTarget>();
        foreach (var app in json.RootElement.GetProperty("apps").EnumerateArray())
        {
            var appId = app.GetProperty("id").GetString()!;
            var track = app.TryGetProperty("labels", out var labels) && labels.TryGetProperty("track", out var t) ? t.GetString() ?? "stable" : "stable";
            if (!app.TryGetProperty("tasks", out var tasks))
                continue;
            var checksHealth = app.TryGetProperty("healthChecks", out var checks) && checks.ValueKind == JsonValueKind.Array && checks.GetArrayLength() > 0;
            foreach (var task in tasks.EnumerateArray().Where(t => Routable(t, checksHealth)))
                targets.Add(new ServiceTarget(appId, track, task.GetProperty("id").GetString()!, task.GetProperty("host").GetString()!,
                    task.GetProperty("ports")[0].GetInt32()));
        }
        return targets;
    }

    /// <summary>
    /// Running, with a port, and, when the app has health checks, every result alive; a task not checked yet is not
    /// routed (as marathon-lb does). An app without health checks has every running task routed.
    /// </summary>
    private static bool Routable(JsonElement task, bool checksHealth) =>
        task.TryGetProperty("state", out var state) && state.GetString() == "TASK_RUNNING"
        && task.TryGetProperty("ports", out var ports) && ports.GetArrayLength() > 0
        && (!checksHealth || (task.TryGetProperty("healthCheckResults", out var health) && health.ValueKind == JsonValueKind.Array
            && health.GetArrayLength() > 0 && health.EnumerateArray().All(h => h.TryGetProperty("alive", out var alive) && alive.GetBoolean())));
}

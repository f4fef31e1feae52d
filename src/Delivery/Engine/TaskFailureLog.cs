using System.Collections.Concurrent;
using System.Text.Json;
using Delivery.Core.Values;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Task failures (crashes, kills for failing health checks, lost tasks) per app and zone, since the run began. Marathon
/// keeps only the last failure of an app (<c>lastTaskFailure</c>) and reports the others as events, which may be
/// dropped; both feed this log, deduplicated by task id, so a crash loop is seen even when events are lost.
/// </summary>
public sealed class TaskFailureLog(DateTimeOffset since)
{
    private static readonly HashSet<string> FailedStates = new(StringComparer.Ordinal)
        { "TASK_FAILED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_UNREACHABLE" };

    private sealed record Failure(string AppId, string? Agent, string? Host, DateTimeOffset At);

    private readonly ConcurrentDictionary<string, Failure> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Zone> _zoneOfAgent = new(StringComparer.Ordinal);

    /// <summary>Learns agent zones from an app's tasks and records its <c>lastTaskFailure</c>.</summary>
    public void Learn(MarathonApp? app, DateTimeOffset now)
    {
        if (app is null) return;
        foreach (var task in app.Tasks ?? [])
        {
            if (task.Zone is null || !Zone.TryParse(task.Zone, out var zone)) continue;
            if (task.SlaveId is { } agent) _zoneOfAgent[agent] = zone;
            if (task.Host is { } host) _zoneOfAgent["host:" + host] = zone;
        }
        if (app.Extra is not null && app.Extra.TryGetValue("lastTaskFailure", out var last) && last.ValueKind == JsonValueKind.Object)
        {
            var state = Text(last, "state");
            var taskId = Text(last, "taskId");
            var at = last.TryGetProperty("timestamp", out var ts) && ts.TryGetDateTimeOffset(out var parsed) ? parsed : now;
            if (taskId is not null && state is not null && FailedStates.Contains(state) && at >= since)
                _failures.TryAdd(taskId, new Failure(app.Id, Text(last, "slaveId"), Text(last, "host"), at));
        }
    }

    /// <summary>Records a failure an event reports; other events are ignored. The time is when it was seen.</summary>
    public void Observe(MarathonEvent e, DateTimeOffset now)
    {
        var failed = e.EventType switch
        {
            "status_update_event" => e.TaskStatus is { } status && FailedStates.Contains(status),
            "unhealthy_instance_kill_event" => true,
            _ => false,
        };
        if (!failed || e.AppId is not { } app || e.TaskId is not { } task) return;
        _failures.TryAdd(task, new Failure(app, Text(e.Payload, "slaveId"), Text(e.Payload, "host"), now));
    }

    public IReadOnlyList<DateTimeOffset> For(string appId, Zone zone) =>
        _failures.Values.Where(f => f.AppId == appId && ZoneOf(f) == zone).Select(f => f.At).OrderBy(at => at).ToList();

    public int Count(string appId) => _failures.Values.Count(f => f.AppId == appId);

    private Zone? ZoneOf(Failure failure) =>
        failure.Agent is { } agent && _zoneOfAgent.TryGetValue(agent, out var zone) ? zone
        : failure.Host is { } host && _zoneOfAgent.TryGetValue("host:" + host, out var byHost) ? byHost : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}

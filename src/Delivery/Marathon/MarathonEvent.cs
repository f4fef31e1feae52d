using System.Text.Json;

namespace Delivery.Marathon;

/// <summary>
/// One event from Marathon's event stream. Events are hints, not state: Marathon does not guarantee their order and
/// a reconnect loses whatever happened in between, so a caller re-reads apps and deployments over REST when an event
/// arrives (and whenever <see cref="Attached"/> is true), never trusting the event alone.
/// </summary>
/// <param name="EventType">E.g. <c>deployment_success</c>, <c>status_update_event</c>.</param>
/// <param name="Payload">The whole JSON object, for members not surfaced below.</param>
public sealed record MarathonEvent(string EventType, DateTimeOffset? Timestamp, JsonElement Payload)
{
    /// <summary>The types Delivery understands; others are skipped unless asked for by name.</summary>
    public static IReadOnlySet<string> KnownTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "event_stream_attached", "event_stream_detached", "api_post_event", "deployment_info", "deployment_success",
        "deployment_failed", "deployment_step_success", "deployment_step_failure", "status_update_event",
        "health_status_changed_event", "instance_health_changed_event", "instance_changed_event",
        "failed_health_check_event", "unhealthy_instance_kill_event", "app_terminated_event",
        "group_change_success", "group_change_failed",
    };

    /// <summary>The first event of every (re)connection: anything before it may have been missed.</summary>
    public bool Attached => EventType == "event_stream_attached";

    /// <summary><c>appId</c>, or <c>runSpecId</c> for instance events.</summary>
    public string? AppId => Text("appId") ?? Text("runSpecId");

    /// <summary>The deployment's id, for <c>deployment_*</c> events.</summary>
    public string? DeploymentId => EventType.StartsWith("deployment_", StringComparison.Ordinal)
        ? Text("id") ?? (Payload.TryGetProperty("plan", out var plan) && plan.ValueKind == JsonValueKind.Object && plan.TryGetProperty("id", out var id) ? id.GetString() : null)
        : null;

    public string? TaskId => Text("taskId") ?? Text("instanceId");

    /// <summary><c>TASK_RUNNING</c>, <c>TASK_FAILED</c>, … for <c>status_update_event</c>.</summary>
    public string? TaskStatus => Text("taskStatus");

    /// <summary><c>alive</c> (health_status_changed_event) or <c>healthy</c> (instance_health_changed_event).</summary>
    public bool? Healthy => Bool("alive") ?? Bool("healthy");

    private string? Text(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private bool? Bool(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>The event of one SSE frame, or null when its data is not a JSON object.</summary>
    public static MarathonEvent? FromFrame(string? eventName, string data)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var payload = document.RootElement.Clone();
            if (payload.ValueKind != JsonValueKind.Object) return null;
            var type = payload.TryGetProperty("eventType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : eventName;
            if (string.IsNullOrEmpty(type)) return null;
            DateTimeOffset? timestamp = payload.TryGetProperty("timestamp", out var ts) && ts.TryGetDateTimeOffset(out var parsed) ? parsed : null;
            return new MarathonEvent(type, timestamp, payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

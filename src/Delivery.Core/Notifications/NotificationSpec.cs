namespace Delivery.Core.Notifications;

/// <summary>What a run tells the outside world, in the words the environment file and the webhook payload use.</summary>
public enum RunEvent
{
    /// <summary><c>started</c>: a Deploy, Promote or Rollback began.</summary>
    Started,

    /// <summary><c>paused</c>: a canary waits for a person (Promote or Rollback).</summary>
    Paused,

    /// <summary><c>promoted</c>: the release is the stable one everywhere.</summary>
    Promoted,

    /// <summary><c>rolled-back</c>: a canary was undone, or an earlier release restored.</summary>
    RolledBack,

    /// <summary><c>failed</c>: the run stopped on an error; what it left is finished by the next run.</summary>
    Failed,

    /// <summary><c>lease-taken-over</c>: the run took the pipeline's lease from a holder that was gone, expired, or pre-empted.</summary>
    LeaseTakenOver,
}

/// <summary>Where a sink sends: a Slack-compatible incoming webhook, or the versioned JSON payload of a generic webhook.</summary>
public enum SinkKind { Slack, Webhook }

/// <summary>
/// One notification sink of an environment. The URL is a secret (a Slack webhook URL is its own credential), so the
/// file names only the environment variable that holds it; it is read when a message is sent.
/// </summary>
/// <param name="Events">What this sink is sent; the kind's defaults (<see cref="RunEvents.Defaults"/>) when the file names none.</param>
public sealed record NotificationSpec(SinkKind Kind, string UrlVariable, IReadOnlySet<RunEvent> Events)
{
    public bool Wants(RunEvent runEvent) => Events.Contains(runEvent);

    public string KindName => Kind == SinkKind.Slack ? "slack" : "webhook";
}

/// <summary>Where the environment's delivery metrics are pushed (a Prometheus Pushgateway).</summary>
public sealed record MetricsSpec(Uri Pushgateway);

public static class RunEvents
{
    public static readonly IReadOnlyList<RunEvent> All =
        [RunEvent.Started, RunEvent.Paused, RunEvent.Promoted, RunEvent.RolledBack, RunEvent.Failed, RunEvent.LeaseTakenOver];

    /// <summary>
    /// A chat channel gets what a person acts on or wants to know (not every start: CI deploys on every merge); a
    /// machine gets everything and filters for itself.
    /// </summary>
    public static IReadOnlySet<RunEvent> Defaults(SinkKind kind) => kind == SinkKind.Slack
        ? new HashSet<RunEvent>(All.Where(e => e != RunEvent.Started))
        : new HashSet<RunEvent>(All);

    public static string Name(RunEvent runEvent) => runEvent switch
    {
        RunEvent.Started => "started",
        RunEvent.Paused => "paused",
        RunEvent.Promoted => "promoted",
        RunEvent.RolledBack => "rolled-back",
        RunEvent.Failed => "failed",
        RunEvent.LeaseTakenOver => "lease-taken-over",
        _ => throw new ArgumentOutOfRangeException(nameof(runEvent)),
    };

    public static RunEvent? Parse(string name) => All.Cast<RunEvent?>().FirstOrDefault(e => Name(e!.Value) == name);
}

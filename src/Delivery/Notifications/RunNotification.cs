using System.Text.Json;
using System.Text.Json.Serialization;
using Delivery.Core.Notifications;
using Delivery.Engine;

namespace Delivery.Notifications;

/// <summary>
/// The generic webhook's payload, version 1 (pipelines/README.md documents it). Fields are only ever added within a
/// version; a receiver should ignore what it does not know. The Slack message is rendered from the same record.
/// </summary>
/// <param name="Event">started, paused, promoted, rolled-back, failed or lease-taken-over.</param>
/// <param name="Kind">The verb that ran: Deploy, Promote or Rollback.</param>
/// <param name="Outcome">The run's outcome (Promoted, RolledBack, Failed, Paused); null while it runs.</param>
/// <param name="Zones">The last verdict per zone with the numbers the gates saw (empty before any verdict).</param>
/// <param name="Commands">What a person may run next, exactly as typed.</param>
/// <param name="Report">The run's HTML report on the machine that ran it; null while it runs.</param>
/// <param name="Lease">For lease-taken-over: whose lease was taken and why.</param>
public sealed record RunNotification(
    string Event, string Pipeline, string Environment, string RunId, string Kind, DateTimeOffset At,
    string? Outcome, string? Reason, ReleaseInfo? Release, IReadOnlyList<ZoneReport> Zones,
    IReadOnlyList<string> Commands, string? Report, LeaseTakeover? Lease)
{
    public const int CurrentVersion = 1;

    /// <summary>First in the JSON, so a receiver can dispatch on it before reading further.</summary>
    [JsonPropertyOrder(-1)]
    public int Version => CurrentVersion;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The event a finished run is announced as; null for a run that changed nothing (AlreadyLive).</summary>
    public static RunEvent? EventOf(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Promoted => RunEvent.Promoted,
        RunOutcome.RolledBack => RunEvent.RolledBack,
        RunOutcome.Paused => RunEvent.Paused,
        RunOutcome.Failed => RunEvent.Failed,
        _ => null,
    };

    public static RunNotification Finished(RunEvent runEvent, RunReport report, string? reportPath) => new(
        RunEvents.Name(runEvent), report.Pipeline, report.Environment, report.RunId, report.Kind, report.FinishedAt,
        report.Outcome.ToString(), report.Reason, report.Release, report.Zones,
        CommandsFor(runEvent, report.Pipeline, report.Environment), reportPath, null);

    public static RunNotification Started(RunStart run) => new(
        RunEvents.Name(RunEvent.Started), run.Target.Name, run.Target.Environment.Name, run.RunId, run.Kind, run.At,
        null, $"{run.Kind} of {run.Target.Name} started by {run.Holder}.", null, [], CommandsFor(RunEvent.Started, run.Target.Name, run.Target.Environment.Name), null, null);

    public static RunNotification TakenOver(RunStart run, string from, string why, DateTimeOffset at) => new(
        RunEvents.Name(RunEvent.LeaseTakenOver), run.Target.Name, run.Target.Environment.Name, run.RunId, run.Kind, at,
        null, $"{run.Kind} of {run.Target.Name} by {run.Holder} took the lease from {from}: {why}.", null, [],
        CommandsFor(RunEvent.LeaseTakenOver, run.Target.Name, run.Target.Environment.Name), null, new LeaseTakeover(from, why));

    /// <summary>
    /// What a person may type next. <c>--environment</c> is added outside <c>local</c> (the default), so that a command
    /// pasted from a production channel never acts on someone's sandbox.
    /// </summary>
    public static IReadOnlyList<string> CommandsFor(RunEvent runEvent, string pipeline, string environment)
    {
        var on = environment == "local" ? "" : $" --environment {environment}";
        string Verb(string verb) => $"./build.sh {verb} --app {pipeline}{on}";
        return runEvent switch
        {
            RunEvent.Paused => [Verb("Promote"), Verb("Rollback")],
            RunEvent.Failed => [Verb("Status"), Verb("Rollback")],
            RunEvent.Promoted => [Verb("Rollback")],
            _ => [Verb("Status")],
        };
    }
}

/// <param name="From">The holder whose lease was taken (holder, run, intent, epoch).</param>
public sealed record LeaseTakeover(string From, string Why);

using Delivery.Core.Notifications;
using Delivery.Core.Pipelines;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Notifications;

namespace Delivery.Tests.Notifications;

/// <summary>Reports of runs as the engine writes them, and a notifier wired to a receiver.</summary>
internal static class NotificationFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public static DeploymentTarget Target(string environment = "production")
    {
        var world = new Engine.EngineWorld();
        return world.Target with { Environment = world.Target.Environment with { Name = environment } };
    }

    public static RunReport RolledBack(string environment = "production", DateTimeOffset? at = null) => new()
    {
        RunId = "20261129120000-abcd1234", Kind = "Deploy", Pipeline = "lobby", Environment = environment,
        Outcome = RunOutcome.RolledBack,
        Reason = "error-rate in us-east-1b: canary 31.0% of 812 requests is surely above the limit 5%.",
        Release = new ReleaseInfo(new string('b', 40), "127.0.0.1:18444/games/lobby@sha256:" + new string('2', 64), "sha256:" + new string('2', 64), false),
        StartedAt = (at ?? T0) - TimeSpan.FromMinutes(3), FinishedAt = at ?? T0,
        Zones =
        [
            Zone("us-east-1a", "Passed", "healthy 1/1; error-rate passed"),
            Zone("us-east-1b", "MetricFailure", "error-rate: canary 31.0% vs stable 0.9% (limit 5%)"),
            Zone("us-east-1c", "Passed", "healthy 1/1; error-rate pending"),
        ],
        StageSeconds = new Dictionary<string, double> { ["image"] = 12.5, ["lease"] = 0.02, ["canary"] = 95.3, ["post-rollout"] = 1.5 },
        Analysis = new AnalysisReport((at ?? T0) - TimeSpan.FromSeconds(60), (at ?? T0) - TimeSpan.FromSeconds(4.5), "regression", [], []),
    };

    public static RunReport Paused(string environment) => RolledBack(environment) with
    {
        Outcome = RunOutcome.Paused, Reason = "The plan pauses for a person before promotion.", Zones = [],
    };

    private static ZoneReport Zone(string zone, string verdict, string message) =>
        new(zone, verdict, message, new GateReport("health", "Passed", "healthy", new Dictionary<string, double>()),
            new GateReport("health", "Passed", "healthy", new Dictionary<string, double>()));

    /// <summary>
    /// Short bounds so a failing or hanging sink is given up on within 3.5 s (3 × 1 s + back-offs of 0.05 s and 0.1 s
    /// fit); 1 s per attempt, not less, because this machine is shared and a loopback answer can take a few hundred ms.
    /// </summary>
    public static readonly WebhookOptions Fast = new(TimeSpan.FromSeconds(1), 3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3.5));

    public static NotificationSpec Slack(string variable = "SLACK_DEPLOYS_URL", params RunEvent[] events) =>
        new(SinkKind.Slack, variable, events.Length > 0 ? new HashSet<RunEvent>(events) : RunEvents.Defaults(SinkKind.Slack));

    public static NotificationSpec Webhook(string variable = "DEPLOY_EVENTS_URL", params RunEvent[] events) =>
        new(SinkKind.Webhook, variable, events.Length > 0 ? new HashSet<RunEvent>(events) : RunEvents.Defaults(SinkKind.Webhook));
}

/// <summary>A notifier over a real sender, with its warnings kept.</summary>
internal sealed class NotifierHarness : IDisposable
{
    public NotifierHarness(IReadOnlyList<NotificationSpec> sinks, IReadOnlyDictionary<string, string> variables, WebhookOptions? options = null, TimeProvider? time = null)
    {
        Sender = new WebhookSender(time ?? TimeProvider.System, options ?? NotificationFixtures.Fast);
        Notifier = new Notifier(sinks, v => variables.GetValueOrDefault(v), Sender, line => { lock (Warnings) Warnings.Add(line); }, time ?? TimeProvider.System,
            report => $"/repo/.nuke/temp/reports/{report.RunId}.html");
    }

    public WebhookSender Sender { get; }
    public Notifier Notifier { get; }
    public List<string> Warnings { get; } = [];

    /// <summary>The run ended: tells the notifier, then waits for what it sends, as the end of the process does.</summary>
    public async Task TellAsync(RunReport report)
    {
        Notifier.Finished(report);
        await Notifier.DrainAsync(CancellationToken.None);
    }

    public void Dispose() => Sender.Dispose();
}

using Delivery.Core.Notifications;
using Delivery.Core.Pipelines;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Tests.Pipelines;

public class NotificationsBinderTests
{
    private const string File = "pipelines/environments/production.yaml";

    private const string Valid = """
        {
          "marathon": { "url": "http://127.0.0.1:18080" },
          "ecr": { "account": "000000000000", "region": "us-east-1" },
          "zones": ["us-east-1a"],
          "notifications": [ { "kind": "slack", "urlVariable": "SLACK_DEPLOYS_URL" },
                             { "kind": "webhook", "urlVariable": "DEPLOY_EVENTS_URL", "events": ["rolled-back", "failed"] } ],
          "metrics": { "pushgateway": "http://127.0.0.1:19091" }
        }
        """;

    private static (DeliveryEnvironment?, ConfigErrors) Bind(string json)
    {
        var errors = new ConfigErrors();
        return (EnvironmentBinder.Bind(JsonConfigReader.Read(json, File, errors)!, "production", errors), errors);
    }

    [Fact]
    public void Bind_SinksAndPushgateway_MapsThemWithDefaultsForEventsNotNamed()
    {
        var (environment, errors) = Bind(Valid);

        Assert.False(errors.Any, string.Join("\n", errors.Items));
        Assert.Equal(2, environment!.Notifications.Count);
        var slack = environment.Notifications[0];
        Assert.Equal((SinkKind.Slack, "SLACK_DEPLOYS_URL"), (slack.Kind, slack.UrlVariable));
        Assert.False(slack.Wants(RunEvent.Started));
        Assert.True(slack.Wants(RunEvent.Paused) && slack.Wants(RunEvent.RolledBack) && slack.Wants(RunEvent.LeaseTakenOver));
        Assert.Equal(new HashSet<RunEvent> { RunEvent.RolledBack, RunEvent.Failed }, environment.Notifications[1].Events);
        Assert.Equal(new Uri("http://127.0.0.1:19091"), environment.Metrics!.Pushgateway);
    }

    [Fact]
    public void Bind_NoNotificationsOrMetrics_NothingSentNothingPushed()
    {
        var (environment, errors) = Bind("""{ "marathon": { "url": "http://127.0.0.1:18080" }, "ecr": { "account": "000000000000", "region": "us-east-1" }, "zones": ["a"] }""");
        Assert.False(errors.Any);
        Assert.Empty(environment!.Notifications);
        Assert.Null(environment.Metrics);
    }

    [Theory]
    [InlineData("\"kind\": \"slack\"", "\"kind\": \"slak\"", "5:32: 'slak' is not a notification kind (did you mean 'slack'?); expected slack or webhook")]
    [InlineData("\"SLACK_DEPLOYS_URL\"", "\"https://hooks.slack.example/services/T0/B0/abc\"", "5:56: 'urlVariable' is not an environment variable name; expected the name of the environment variable holding the webhook URL, e.g. SLACK_DEPLOYS_URL (never the URL itself)")]
    [InlineData("\"rolled-back\"", "\"rolledback\"", "6:90: 'rolledback' is not an event (did you mean 'rolled-back'?); expected a list of started, paused, promoted, rolled-back, failed, lease-taken-over")]
    [InlineData("\"urlVariable\": \"SLACK_DEPLOYS_URL\"", "\"url\": \"SLACK_DEPLOYS_URL\"", "5:41: unknown key 'url' in a notification; expected one of kind, urlVariable, events")]
    [InlineData("\"failed\"]", "\"failed\", \"failed\"]", "6:115: event 'failed' is listed twice; expected each event once")]
    [InlineData("\"http://127.0.0.1:19091\"", "\"pushgateway:9091\"", "7:31: 'pushgateway:9091' is not a URL; expected an absolute http:// or https:// URL")]
    [InlineData("\"pushgateway\":", "\"pushgatway\":", "7:16: unknown key 'pushgatway' in metrics (did you mean 'pushgateway'?); expected one of pushgateway")]
    public void Bind_OneMistake_ReportsItAtItsLineAndColumn(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);

        var (environment, errors) = Bind(Valid.Replace(find, replace));

        Assert.Null(environment);
        Assert.Equal($"{File}:{expected}", errors.Items.First().ToString());
    }

    [Fact]
    public void Bind_SinkWithoutVariable_SaysWhichKeyIsMissing()
    {
        var (_, errors) = Bind(Valid.Replace(", \"urlVariable\": \"SLACK_DEPLOYS_URL\"", ""));

        Assert.Equal($"{File}:5:22: a notification has no 'urlVariable'; expected the name of the environment variable holding the webhook URL, e.g. SLACK_DEPLOYS_URL (never the URL itself)",
            Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Bind_UrlWrittenInsteadOfVariable_NeverEchoesTheUrl()
    {
        var (_, errors) = Bind(Valid.Replace("\"SLACK_DEPLOYS_URL\"", "\"https://hooks.slack.example/services/T0/B0/s3cr3tpath\""));

        Assert.DoesNotContain("s3cr3tpath", Assert.Single(errors.Items).ToString());
    }
}

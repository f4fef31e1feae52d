using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Delivery.Core.Notifications;
using Delivery.Engine;
using static Delivery.Tests.Notifications.NotificationFixtures;

namespace Delivery.Tests.Notifications;

/// <summary>The notifier against a real HTTP receiver on 127.0.0.1: payloads, retries, a hanging sink, unset variables, secrecy.</summary>
public sealed class NotifierTests
{
    [Fact]
    public async Task Webhook_RolledBack_PostsVersionedPayloadWithZonesCommandsAndReport()
    {
        using var receiver = new LocalReceiver();
        using var harness = new NotifierHarness([Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl() });

        await harness.TellAsync(RolledBack());

        var request = Assert.Single(receiver.Snapshot());
        Assert.Equal("application/json", request.ContentType.Split(';')[0]);
        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal("rolled-back", json.GetProperty("event").GetString());
        Assert.Equal("lobby", json.GetProperty("pipeline").GetString());
        Assert.Equal("production", json.GetProperty("environment").GetString());
        Assert.Equal("20261129120000-abcd1234", json.GetProperty("runId").GetString());
        Assert.Equal("Deploy", json.GetProperty("kind").GetString());
        Assert.Equal("RolledBack", json.GetProperty("outcome").GetString());
        Assert.StartsWith("error-rate in us-east-1b", json.GetProperty("reason").GetString());
        Assert.Equal(new string('b', 40), json.GetProperty("release").GetProperty("commit").GetString());
        Assert.Equal("sha256:" + new string('2', 64), json.GetProperty("release").GetProperty("digest").GetString());
        var zones = json.GetProperty("zones").EnumerateArray().Select(z => (z.GetProperty("zone").GetString(), z.GetProperty("verdict").GetString())).ToList();
        Assert.Equal([("us-east-1a", "Passed"), ("us-east-1b", "MetricFailure"), ("us-east-1c", "Passed")], zones);
        Assert.Equal(["./build.sh Status --app lobby --environment production"], json.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("/repo/.nuke/temp/reports/20261129120000-abcd1234.html", json.GetProperty("report").GetString());
        Assert.Empty(harness.Warnings);
    }

    [Fact]
    public async Task Slack_RolledBack_TextAndBlocksWithThePerZoneTable()
    {
        using var receiver = new LocalReceiver();
        using var harness = new NotifierHarness([Slack()], new Dictionary<string, string> { ["SLACK_DEPLOYS_URL"] = receiver.SecretUrl() });

        await harness.TellAsync(RolledBack());

        var json = JsonDocument.Parse(Assert.Single(receiver.Snapshot()).Body).RootElement;
        Assert.Equal(":rewind: lobby bbbbbbbbbbbb rolled back in production: error-rate in us-east-1b: canary 31.0% of 812 requests is surely above the limit 5%.",
            json.GetProperty("text").GetString());
        var texts = json.GetProperty("blocks").EnumerateArray().Select(b => b.TryGetProperty("text", out var t) ? t.GetProperty("text").GetString()! : b.GetProperty("elements")[0].GetProperty("text").GetString()!).ToList();
        var table = Assert.Single(texts, t => t.StartsWith("```\nzone"));
        Assert.Equal("""
            ```
            zone        verdict        why
            us-east-1a  Passed         healthy 1/1; error-rate passed
            us-east-1b  MetricFailure  error-rate: canary 31.0% vs stable 0.9% (limit 5%)
            us-east-1c  Passed         healthy 1/1; error-rate pending
            ```
            """.ReplaceLineEndings("\n"), table);
        Assert.Contains(texts, t => t.Contains("/repo/.nuke/temp/reports/20261129120000-abcd1234.html"));
    }

    [Theory]
    [InlineData("production", " --environment production")]
    [InlineData("local", "")]
    public async Task Paused_NamesTheExactPromoteAndRollbackCommands(string environment, string suffix)
    {
        using var receiver = new LocalReceiver();
        using var harness = new NotifierHarness([Webhook(), Slack()], new Dictionary<string, string>
        {
            ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl("webhook"), ["SLACK_DEPLOYS_URL"] = receiver.SecretUrl("slack"),
        });

        await harness.TellAsync(Paused(environment));

        var requests = receiver.Snapshot();
        var webhook = JsonDocument.Parse(Assert.Single(requests, r => r.Path.Contains("webhook")).Body).RootElement;
        Assert.Equal("paused", webhook.GetProperty("event").GetString());
        Assert.Equal([$"./build.sh Promote --app lobby{suffix}", $"./build.sh Rollback --app lobby{suffix}"],
            webhook.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        var slack = Assert.Single(requests, r => r.Path.Contains("slack")).Body;
        Assert.Contains($"./build.sh Promote --app lobby{suffix}\\n./build.sh Rollback --app lobby{suffix}", slack);
    }

    [Fact]
    public async Task StartedAndLeaseTakenOver_SentInTheBackgroundAndAwaitedAtTheEnd()
    {
        using var receiver = new LocalReceiver();
        using var harness = new NotifierHarness([Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl() });
        var run = new RunStart("20261129120000-abcd1234", "Rollback", Target(), "oncall@pager", T0);

        harness.Notifier.Started(run);
        harness.Notifier.LeaseTakenOver(run, "ci/job-7@runner-3 (run r1, Deploy, epoch 4)", "a rollback pre-empts a deploy");
        await harness.TellAsync(RolledBack() with { Kind = "Rollback" });

        var events = receiver.Snapshot().Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["lease-taken-over", "rolled-back", "started"], events.Select(e => e.GetProperty("event").GetString()).Order());
        var lease = Assert.Single(events, e => e.GetProperty("event").GetString() == "lease-taken-over");
        Assert.Equal("a rollback pre-empts a deploy", lease.GetProperty("lease").GetProperty("why").GetString());
        Assert.Equal("ci/job-7@runner-3 (run r1, Deploy, epoch 4)", lease.GetProperty("lease").GetProperty("from").GetString());
        Assert.Contains("oncall@pager", Assert.Single(events, e => e.GetProperty("event").GetString() == "started").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Events_SinkNotAskingForAnEvent_IsNotSentIt()
    {
        using var receiver = new LocalReceiver();
        using var harness = new NotifierHarness([Webhook(events: [RunEvent.Failed])], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl() });

        await harness.TellAsync(RolledBack());
        await harness.TellAsync(RolledBack() with { Outcome = RunOutcome.AlreadyLive });
        await harness.TellAsync(RolledBack() with { Outcome = RunOutcome.Failed });

        Assert.Equal("failed", JsonDocument.Parse(Assert.Single(receiver.Snapshot()).Body).RootElement.GetProperty("event").GetString());
    }

    [Fact]
    public async Task Answer500Twice_RetriedUntilDelivered_NoWarning()
    {
        using var receiver = new LocalReceiver { Answer = n => (n < 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK, TimeSpan.Zero) };
        using var harness = new NotifierHarness([Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl() });

        await harness.TellAsync(RolledBack());

        Assert.Equal(3, receiver.Snapshot().Count);
        Assert.Empty(harness.Warnings);
    }

    [Fact]
    public async Task Answer500Always_ThreeAttemptsThenOneWarningWithoutTheUrl()
    {
        using var receiver = new LocalReceiver { Answer = _ => (HttpStatusCode.InternalServerError, TimeSpan.Zero) };
        var url = receiver.SecretUrl();
        using var harness = new NotifierHarness([Slack()], new Dictionary<string, string> { ["SLACK_DEPLOYS_URL"] = url });

        await harness.TellAsync(RolledBack());

        Assert.Equal(3, receiver.Snapshot().Count);
        var warning = Assert.Single(harness.Warnings);
        Assert.Equal("Could not send the rolled-back notification of lobby to the slack sink SLACK_DEPLOYS_URL: it answered 500 (after 3 attempt(s)); the run is not affected.", warning);
        Assert.DoesNotContain("secretToken", warning);
        Assert.DoesNotContain(receiver.Url.Authority, warning);
    }

    [Fact]
    public async Task Answer404_NotRetried()
    {
        using var receiver = new LocalReceiver { Answer = _ => (HttpStatusCode.NotFound, TimeSpan.Zero) };
        using var harness = new NotifierHarness([Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl() });

        await harness.TellAsync(RolledBack());

        Assert.Single(receiver.Snapshot());
        Assert.Contains("it answered 404 (after 1 attempt(s))", Assert.Single(harness.Warnings));
    }

    [Fact]
    public async Task SinkThatHangs_GivenUpWithinTheDeadline_OtherSinkStillTold()
    {
        using var hanging = new LocalReceiver { Answer = _ => (HttpStatusCode.OK, TimeSpan.FromSeconds(60)) };
        using var healthy = new LocalReceiver();
        using var harness = new NotifierHarness([Slack(), Webhook()], new Dictionary<string, string>
        {
            ["SLACK_DEPLOYS_URL"] = hanging.SecretUrl(), ["DEPLOY_EVENTS_URL"] = healthy.SecretUrl(),
        });
        var clock = Stopwatch.StartNew();

        await harness.TellAsync(RolledBack());

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Fast.Deadline + TimeSpan.FromSeconds(3)); // the sink hangs for 60 s
        // At least once: on a loaded machine a slow answer past the attempt timeout is sent again.
        Assert.Equal("rolled-back", JsonDocument.Parse(Assert.Single(healthy.Snapshot().Select(r => r.Body).Distinct())).RootElement.GetProperty("event").GetString());
        Assert.NotEmpty(hanging.Snapshot());
        // How many attempts fit depends on the machine's load; the bound on the time does not. On a loaded machine the
        // process-wide bound can be reached before the sink's own give-up is said, or just after it: each warning then is
        // one of these two truths, and there is at most one of each.
        string[] warnings;
        lock (harness.Warnings) warnings = [.. harness.Warnings];
        Assert.InRange(warnings.Length, 1, 2);
        Assert.Equal(warnings.Length, warnings.Distinct().Count());
        Assert.All(warnings, warning => Assert.Matches(@"^(Could not send the rolled-back notification of lobby to the slack sink SLACK_DEPLOYS_URL: no (answer within 1s|success within 3\.5s) \(after [123] attempt\(s\)\); the run is not affected\.|Notifications were still being sent after 3\.5s; gave up on them\.)$",
            warning));
    }

    [Fact]
    public async Task Finished_SinkHangs_ReturnsAtOnceSoNoRunWaits()
    {
        using var hanging = new LocalReceiver { Answer = _ => (HttpStatusCode.OK, TimeSpan.FromSeconds(60)) };
        using var harness = new NotifierHarness([Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = hanging.SecretUrl() });
        var clock = Stopwatch.StartNew();

        harness.Notifier.Finished(RolledBack() with { Outcome = RunOutcome.Failed });

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2)); // a chained Rollback starts now, not after the sink's 3.5 s
        await harness.Notifier.DrainAsync(CancellationToken.None);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Fast.Deadline + TimeSpan.FromSeconds(3)); // the sink hangs for 60 s
    }

    [Fact]
    public async Task NothingListening_WarnsWithoutTheAddress()
    {
        string url;
        using (var closed = new LocalReceiver()) url = closed.SecretUrl();
        using var harness = new NotifierHarness([Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = url });

        await harness.TellAsync(RolledBack());

        var warning = Assert.Single(harness.Warnings);
        Assert.Contains("it could not be reached (ConnectionError)", warning);
        Assert.DoesNotContain("127.0.0.1", warning);
    }

    [Fact]
    public async Task VariableUnset_OneWarningForManyRuns_NothingSent()
    {
        using var harness = new NotifierHarness([Slack(), Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = "hooks.example/no-scheme-s3cret" });

        harness.Notifier.Started(new RunStart("r1", "Deploy", Target(), "alice", T0));
        await harness.TellAsync(RolledBack());
        await harness.TellAsync(RolledBack() with { Outcome = RunOutcome.Failed });

        Assert.Equal(
        [
            "DEPLOY_EVENTS_URL does not hold an http(s) URL, so the webhook sink of this environment is sent nothing.",
            "SLACK_DEPLOYS_URL is not set, so the slack sink of this environment is sent nothing.",
        ], harness.Warnings.Order());
    }
}

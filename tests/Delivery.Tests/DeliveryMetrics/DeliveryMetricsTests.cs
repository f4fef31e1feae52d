using System.Diagnostics;
using System.Net;
using Delivery.DeliveryMetrics;
using Delivery.Engine;
using static Delivery.Tests.Notifications.NotificationFixtures;

namespace Delivery.Tests.DeliveryMetrics;

/// <summary>What a run adds to its pipeline's delivery metrics, and the read-add-push cycle against an in-test Pushgateway.</summary>
public sealed class DeliveryMetricsTests
{
    private static readonly IReadOnlyDictionary<string, string> Group = MetricsPusher.Grouping("lobby", "production");

    /// <summary>The Pushgateway's answer to GET /api/v1/metrics (pushgateway 1.5, trimmed) holding one earlier run.</summary>
    private const string GatewayJson = """
        {"status":"success","data":[
          {"labels":{"environment":"staging","job":"delivery","pipeline":"lobby"},
           "delivery_runs_total":{"type":"COUNTER","metrics":[{"labels":{"environment":"staging","instance":"","job":"delivery","kind":"Deploy","outcome":"Promoted","pipeline":"lobby"},"value":"40"}]}},
          {"labels":{"environment":"production","job":"delivery","pipeline":"lobby"},
           "last_push_successful":true,
           "delivery_runs_total":{"type":"COUNTER","help":"Runs of Deploy, Promote and Rollback by outcome.","metrics":[
             {"labels":{"environment":"production","instance":"","job":"delivery","kind":"Deploy","outcome":"Promoted","pipeline":"lobby"},"value":"2"}]},
           "delivery_last_lead_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"environment":"production","instance":"","job":"delivery","pipeline":"lobby"},"value":"600"}]},
           "push_time_seconds":{"type":"GAUGE","metrics":[{"labels":{"environment":"production","instance":"","job":"delivery","pipeline":"lobby"},"value":"1.7e+09"}]}}
        ]}
        """;

    [Fact]
    public void Parse_GatewayAnswer_TheGroupsSeriesWithoutGroupingLabelsOrTheGatewaysOwn()
    {
        var samples = PushgatewayClient.Parse(GatewayJson, Group);

        Assert.Equal(2, samples.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Deploy"), ("outcome", "Promoted"))));
        Assert.Equal(600, samples.Get(SeriesKey.Of("delivery_last_lead_time_seconds")));
        Assert.Equal(2, samples.Values.Count);
    }

    [Fact]
    public void Apply_RolledBackDeploy_CountsItAndTimesVerdictToRollback()
    {
        var group = new MetricSamples();

        RunMetrics.Apply(group, RolledBack(), committedAt: null, takeovers: 0);

        Assert.Equal(1, group.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Deploy"), ("outcome", "RolledBack"))));
        Assert.Equal(0, group.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Rollback"), ("outcome", "RolledBack"))));
        Assert.Equal(95.3, group.Get(SeriesKey.Of("delivery_stage_seconds_total", ("kind", "Deploy"), ("stage", "canary"))));
        Assert.Equal(1, group.Get(SeriesKey.Of("delivery_stage_runs_total", ("kind", "Deploy"), ("stage", "canary"))));
        // Decided 4.5 s before the end; the last 1.5 s were post-rollout hooks, after the canary was gone.
        Assert.Equal(3.0, group.Get(SeriesKey.Of("delivery_last_verdict_to_rollback_seconds"))!.Value, 6);
        Assert.Equal(1, group.Get(SeriesKey.Of("delivery_rollbacks_timed_total")));
        Assert.Null(group.Get(SeriesKey.Of("delivery_last_lead_time_seconds")));
    }

    [Fact]
    public void Apply_PromotedTwice_CountersAddGaugesAreTheLastRuns()
    {
        var group = new MetricSamples();
        var promoted = RolledBack() with { Outcome = RunOutcome.Promoted };

        RunMetrics.Apply(group, promoted, committedAt: T0 - TimeSpan.FromMinutes(30), takeovers: 1);
        RunMetrics.Apply(group, promoted, committedAt: T0 - TimeSpan.FromMinutes(10), takeovers: 0);

        Assert.Equal(2, group.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Deploy"), ("outcome", "Promoted"))));
        Assert.Equal(600 - 1.5, group.Get(SeriesKey.Of("delivery_last_lead_time_seconds"))!.Value, 6);
        Assert.Equal(1800 - 1.5 + 600 - 1.5, group.Get(SeriesKey.Of("delivery_lead_time_seconds_total"))!.Value, 6);
        Assert.Equal(2, group.Get(SeriesKey.Of("delivery_lead_times_timed_total")));
        Assert.Equal(1, group.Get(SeriesKey.Of("delivery_lease_takeovers_total")));
        Assert.Null(group.Get(SeriesKey.Of("delivery_last_verdict_to_rollback_seconds")));
    }

    [Fact]
    public void ToText_ExpositionFormatWithTypesAndEscapedLabels()
    {
        var group = new MetricSamples();
        group.Add(SeriesKey.Of("delivery_runs_total", ("kind", "Deploy"), ("outcome", "Promoted")), 3, "Runs by outcome.");
        group.Set(SeriesKey.Of("delivery_last_stage_seconds", ("stage", "a \"quoted\\ stage")), 0.25, help: "Last stage.");

        Assert.Equal("""
            # HELP delivery_last_stage_seconds Last stage.
            # TYPE delivery_last_stage_seconds gauge
            delivery_last_stage_seconds{stage="a \"quoted\\ stage"} 0.25
            # HELP delivery_runs_total Runs by outcome.
            # TYPE delivery_runs_total counter
            delivery_runs_total{kind="Deploy",outcome="Promoted"} 3

            """.ReplaceLineEndings("\n"), group.ToText());
    }

    [Fact]
    public async Task Pusher_ReadsTheGroupAddsTheRunAndReplacesTheGroup()
    {
        var gateway = new StubGateway((method, _) => method == HttpMethod.Get ? (HttpStatusCode.OK, GatewayJson) : (HttpStatusCode.OK, ""));
        var warnings = new List<string>();
        using var client = new PushgatewayClient(new Uri("http://127.0.0.1:9/prefix"), TimeProvider.System, handler: gateway);
        var pusher = new MetricsPusher(client, _ => null, warnings.Add, TimeProvider.System);

        pusher.Finished(RolledBack() with { Outcome = RunOutcome.Promoted });
        await pusher.DrainAsync(CancellationToken.None);

        Assert.Empty(warnings);
        Assert.Equal(["GET /prefix/api/v1/metrics", "PUT /prefix/metrics/job/delivery/pipeline/lobby/environment/production"], gateway.Requests.Select(r => $"{r.Method} {r.Path}"));
        var pushed = gateway.Requests[1].Body;
        Assert.Contains("delivery_runs_total{kind=\"Deploy\",outcome=\"Promoted\"} 3\n", pushed);
        Assert.Contains("delivery_last_lead_time_seconds 600\n", pushed); // kept from the earlier run: a PUT replaces the whole group
        Assert.DoesNotContain("push_time_seconds", pushed);
        Assert.DoesNotContain("instance", pushed);
    }

    [Fact]
    public async Task Pusher_GatewayFails_OneWarningAndTheRunIsNotAffected()
    {
        var gateway = new StubGateway((method, _) => method == HttpMethod.Get ? (HttpStatusCode.OK, GatewayJson) : (HttpStatusCode.BadRequest, "pushed metrics are invalid or inconsistent with existing metrics\ndetail"));
        var warnings = new List<string>();
        using var client = new PushgatewayClient(new Uri("http://user:s3cret@127.0.0.1:9"), TimeProvider.System, new PushgatewayOptions(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMilliseconds(10)), gateway);
        var pusher = new MetricsPusher(client, _ => null, warnings.Add, TimeProvider.System);

        pusher.Finished(RolledBack());
        await pusher.DrainAsync(CancellationToken.None);

        Assert.Equal("Could not push the delivery metrics of lobby: Tried to push to the Pushgateway at http://127.0.0.1:9 but failed because it answered 400: pushed metrics are invalid or inconsistent with existing metrics. The run is not affected.",
            Assert.Single(warnings));
    }

    [Fact]
    public async Task Pusher_GatewayHangs_GivenUpWithinItsDeadline()
    {
        var gateway = new StubGateway((_, _) => (HttpStatusCode.OK, GatewayJson), hang: true);
        var warnings = new List<string>();
        using var client = new PushgatewayClient(new Uri("http://127.0.0.1:9"), TimeProvider.System, new PushgatewayOptions(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMilliseconds(10)), gateway);
        var pusher = new MetricsPusher(client, _ => null, warnings.Add, TimeProvider.System) { Deadline = TimeSpan.FromMilliseconds(400) };
        var clock = Stopwatch.StartNew();

        pusher.Finished(RolledBack());
        await pusher.DrainAsync(CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4)); // the gateway's own timeout is 5 s
        // Which bound speaks first (the push's own, or the drain's 0.5 s later) depends on the machine's load.
        Assert.Matches(@"^(Could not push the delivery metrics of lobby to the Pushgateway at http://127\.0\.0\.1:9 within 0\.4s; the run is not affected\.|Delivery metrics were still being pushed to the Pushgateway at http://127\.0\.0\.1:9 after 0\.4s; gave up on them\.)$",
            warnings[0]);
    }

    /// <summary>An in-process Pushgateway: answers by method and path, keeps each request.</summary>
    private sealed class StubGateway(Func<HttpMethod, string, (HttpStatusCode Status, string Body)> answer, bool hang = false) : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Path, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            lock (Requests) Requests.Add((request.Method, request.RequestUri!.AbsolutePath, body));
            if (hang) await Task.Delay(Timeout.Infinite, ct);
            var (status, text) = answer(request.Method, request.RequestUri!.AbsolutePath);
            return new HttpResponseMessage(status) { Content = new StringContent(text) };
        }
    }
}

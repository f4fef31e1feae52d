using Delivery.DeliveryMetrics;
using Delivery.Engine;
using Delivery.Prometheus;
using static Delivery.Tests.Notifications.NotificationFixtures;

namespace Delivery.Tests.Prometheus;

/// <summary>
/// Against the sandbox's real Pushgateway (Debian's prometheus-pushgateway, <c>DELIVERY_TEST_PUSHGATEWAY_URL</c>) and
/// the Prometheus that scrapes it (<c>DELIVERY_TEST_PROMETHEUS_URL</c>), both brought up by ./build.sh Sandbox, which the
/// Test target runs first. Each test pushes under a pipeline name of its own, so runs never see each other's counts.
/// </summary>
public sealed class LivePushgatewayTests
{
    public static Uri Url => new(Environment.GetEnvironmentVariable("DELIVERY_TEST_PUSHGATEWAY_URL") ?? "http://127.0.0.1:19091");

    private static string Pipeline() => $"metrics-test-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Leaves the sandbox's gateway as it was (its groups live until it restarts otherwise).</summary>
    private static async Task DeleteGroupAsync(string pipeline)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        await http.DeleteAsync(new Uri(Url, $"metrics/job/delivery/pipeline/{pipeline}/environment/local"));
    }

    private static async Task<MetricsPusher> PushTwiceAsync(PushgatewayClient client, string pipeline, List<string> warnings)
    {
        var pusher = new MetricsPusher(client, _ => T0 - TimeSpan.FromMinutes(20), warnings.Add, TimeProvider.System);
        // Two runs end at once: their read-add-push cycles run one after the other, so neither count is lost.
        pusher.Finished(RolledBack("local") with { Pipeline = pipeline });
        pusher.Finished(RolledBack("local") with { Pipeline = pipeline, Outcome = RunOutcome.Promoted });
        await pusher.DrainAsync(CancellationToken.None);
        return pusher;
    }

    [Fact]
    public async Task Push_TwoRuns_GatewayHoldsTheSumOfBoth()
    {
        using var client = new PushgatewayClient(Url, TimeProvider.System);
        var pipeline = Pipeline();
        var warnings = new List<string>();

        await PushTwiceAsync(client, pipeline, warnings);
        await PushTwiceAsync(client, pipeline, warnings);

        Assert.Empty(warnings);
        var group = await client.ReadGroupAsync(MetricsPusher.Grouping(pipeline, "local"), CancellationToken.None);
        await DeleteGroupAsync(pipeline);
        Assert.Equal(2, group.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Deploy"), ("outcome", "RolledBack"))));
        Assert.Equal(2, group.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Deploy"), ("outcome", "Promoted"))));
        Assert.Equal(0, group.Get(SeriesKey.Of("delivery_runs_total", ("kind", "Rollback"), ("outcome", "RolledBack"))));
        Assert.Equal(4 * 95.3, group.Get(SeriesKey.Of("delivery_stage_seconds_total", ("kind", "Deploy"), ("stage", "canary")))!.Value, 6);
        Assert.Equal(2, group.Get(SeriesKey.Of("delivery_lead_times_timed_total")));
    }

    [Fact]
    public async Task Scraped_PushedRunsReadBackFromTheSandboxPrometheus()
    {
        using var client = new PushgatewayClient(Url, TimeProvider.System);
        using var prometheus = new PrometheusClient(LivePrometheusTests.Url, TimeProvider.System);
        var pipeline = Pipeline();
        var warnings = new List<string>();
        await PushTwiceAsync(client, pipeline, warnings);
        Assert.Empty(warnings);

        // The rollback rate pipelines/README.md documents, on the two runs just pushed: 1 of 2 deploys rolled back.
        var query = $"sum(delivery_runs_total{{job=\"delivery\",pipeline=\"{pipeline}\",kind=\"Deploy\",outcome=\"RolledBack\"}}) / " +
                    $"sum(delivery_runs_total{{job=\"delivery\",pipeline=\"{pipeline}\",kind=\"Deploy\",outcome=~\"Promoted|RolledBack\"}})";
        IReadOnlyList<PromSeries> answer = [];
        for (var i = 0; i < 40 && answer.Count == 0; i++) // scraped every 2 s in the sandbox
        {
            answer = await prometheus.QueryAsync(query, DateTimeOffset.UtcNow, CancellationToken.None);
            if (answer.Count == 0) await Task.Delay(500);
        }

        var lead = await prometheus.QueryAsync($"delivery_last_lead_time_seconds{{pipeline=\"{pipeline}\",environment=\"local\"}}", DateTimeOffset.UtcNow, CancellationToken.None);
        await DeleteGroupAsync(pipeline);

        Assert.Equal(0.5, Assert.Single(answer).Value);
        Assert.Equal(20 * 60 - 1.5, Assert.Single(lead).Value, 6);
    }
}

using System.Diagnostics;
using Xunit.Abstractions;
using static Delivery.Tests.Notifications.NotificationFixtures;

namespace Delivery.Tests.Notifications;

/// <summary>
/// How long after a run's outcome is decided its notification reaches the receiver: a rolled-back run told to a Slack
/// sink and a webhook sink on 127.0.0.1, timed from the report's FinishedAt (the moment the engine has the outcome)
/// to the receiver reading the body. Run with <c>--filter "FullyQualifiedName~NotificationLatency" --logger
/// "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class NotificationLatencyBenchmarks(ITestOutputHelper output)
{
    [Fact]
    public async Task RolledBack_LatencyFromVerdictToReceiver()
    {
        const int runs = 40;
        using var receiver = new LocalReceiver();
        using var harness = new NotifierHarness([Slack(), Webhook()], new Dictionary<string, string>
        {
            ["SLACK_DEPLOYS_URL"] = receiver.SecretUrl("slack"), ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl("webhook"),
        }, WebhookOptionsForBenchmark);
        var latencies = new List<double>();
        var ends = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var before = receiver.Snapshot().Count;
            var report = RolledBack(at: DateTimeOffset.UtcNow) with { RunId = $"bench-{i}" };
            var clock = Stopwatch.StartNew();
            await harness.TellAsync(report);
            ends.Add(clock.Elapsed.TotalMilliseconds);
            // The first arrival per sink: a retry after a slow answer (a loaded machine) is not a second message.
            latencies.AddRange(receiver.Snapshot().Skip(before).GroupBy(r => r.Path).Select(g => (g.Min(r => r.At) - report.FinishedAt).TotalMilliseconds));
        }

        Assert.Equal(2 * runs, latencies.Count);
        Assert.Empty(harness.Warnings);
        output.WriteLine($"notification latency after the verdict ({latencies.Count} messages, {runs} rolled-back runs, slack + webhook on loopback):");
        output.WriteLine($"  first {latencies[0]:0.0} ms (cold connection), median {Percentile(latencies, 0.5):0.00} ms, p95 {Percentile(latencies, 0.95):0.00} ms, max {latencies.Max():0.00} ms");
        output.WriteLine($"  both sinks answered (Finished, then drained): median {Percentile(ends, 0.5):0.00} ms, max {ends.Max():0.00} ms");
        Assert.True(Percentile(latencies, 0.5) < 500, "a notification on loopback should arrive well within half a second");
    }

    private static readonly Delivery.Notifications.WebhookOptions WebhookOptionsForBenchmark = Delivery.Notifications.WebhookOptions.Default;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}

using Delivery.Prometheus;

namespace Delivery.Tests.Prometheus;

/// <summary>
/// Against the real Prometheus of the sandbox (Debian's prometheus, brought up by ./build.sh Sandbox, which the Test
/// target runs first). These fail, never pass silently, when it does not answer.
/// </summary>
public sealed class LivePrometheusTests
{
    public static Uri Url => new(Environment.GetEnvironmentVariable("DELIVERY_TEST_PROMETHEUS_URL") ?? "http://127.0.0.1:19090");

    private static PrometheusClient Client() => new(Url, TimeProvider.System, new PrometheusClientOptions(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMilliseconds(200)));

    [Fact]
    public async Task BuildInfo_OfTheSandboxPrometheus_IsVersionTwo()
    {
        using var client = Client();
        var info = await client.BuildInfoAsync(CancellationToken.None);
        Assert.StartsWith("2.", info.Version);
    }

    [Fact]
    public async Task Query_VectorOne_AndUpWithJobLabels()
    {
        using var client = Client();
        var one = Assert.Single(await client.QueryAsync("vector(1)", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(1, one.Value);
        var up = await client.QueryAsync("up", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.All(up, series => Assert.True(series.Labels.ContainsKey("job")));
    }

    [Fact]
    public async Task QueryRange_GivesPoints()
    {
        using var client = Client();
        var now = DateTimeOffset.UtcNow;
        var series = Assert.Single(await client.QueryRangeAsync("vector(2)", now.AddMinutes(-1), now, TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.InRange(series.Points.Count, 4, 5);
        Assert.All(series.Points, p => Assert.Equal(2, p.Value));
    }

    [Fact]
    public async Task Query_Malformed_IsRefusedWithPrometheusParseError()
    {
        using var client = Client();
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("sum(", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadQuery, error.Kind);
        Assert.Contains("parse error", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Query_NothingListening_IsUnreachableInOneLine()
    {
        using var client = new PrometheusClient(new Uri("http://127.0.0.1:1"), TimeProvider.System, new PrometheusClientOptions(TimeSpan.FromSeconds(2), 2, TimeSpan.FromMilliseconds(10)));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.Unreachable, error.Kind);
        Assert.StartsWith("Tried to query Prometheus at http://127.0.0.1:1 for 'up' but failed because it does not answer", error.Message);
    }
}

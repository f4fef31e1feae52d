using System.Net;
using Delivery.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Prometheus;

public sealed class PrometheusClientEdgeTests
{
    private static readonly Uri Server = new("http://127.0.0.1:19999");
    private static readonly PrometheusClientOptions Fast = new(TimeSpan.FromSeconds(5), 3, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static PrometheusClient Client(StubHandler handler) => new(Server, TimeProvider.System, Fast, handler);

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"string","result":[1795953600,"x"]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector"}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":{}}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["1","1"]}]}}""")]
    [InlineData("""{"status":1,"data":{}}""")]
    [InlineData("""[]""")]
    [InlineData("""{"status":"error","errorType":"internal","error":"x"}""")]
    public async Task Probe_Shape_IsBadAnswer(string body)
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, body)));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", At, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
    }

    [Fact]
    public async Task Probe_422_BadQuery_NotRetried()
    {
        var handler = new StubHandler(((HttpStatusCode)422, """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"""));
        using var client = Client(handler);
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("a / b", At, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadQuery, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Probe_LongMultiLineQuery_OneLineTruncated()
    {
        var query = "sum by (zone) (\n  rate(x[1m])\n)" + new string(' ', 300) + "+ 1";
        var handler = new StubHandler((HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"first\nsecond"}"""));
        using var client = Client(handler);
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync(query, At, CancellationToken.None));
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public async Task Probe_PathPrefix_Kept()
    {
        var handler = new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var client = new PrometheusClient(new Uri("http://127.0.0.1:19999/prometheus"), TimeProvider.System, Fast, handler);
        await client.QueryAsync("up", At, CancellationToken.None);
        Assert.StartsWith("http://127.0.0.1:19999/prometheus/api/v1/query?", handler.Requests[0].RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task Probe_CancelDuringBackoff_AtOnce()
    {
        var time = new FakeTimeProvider(At);
        var handler = new StubHandler((HttpStatusCode.ServiceUnavailable, "x"));
        using var client = new PrometheusClient(Server, time, new PrometheusClientOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMinutes(1)), handler);
        using var cancel = new CancellationTokenSource();
        var query = client.QueryAsync("up", At, cancel.Token);
        while (handler.Requests.Count < 1) await Task.Yield();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Probe_TimesFormat()
    {
        var handler = new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{"resultType":"matrix","result":[]}}"""));
        using var client = Client(handler);
        await client.QueryRangeAsync("up", At.AddMilliseconds(250), At.AddMinutes(1), TimeSpan.FromMilliseconds(1500), CancellationToken.None);
        Assert.Equal("", handler.Requests[0].RequestUri!.Query);
    }
}

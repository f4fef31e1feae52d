using System.Net;
using Delivery.Prometheus;

namespace Delivery.Tests.Prometheus;

/// <summary>Answers that are "success" but not the shape Prometheus documents, and text that would break the one-line message.</summary>
public sealed class PrometheusClientShapeTests
{
    private static readonly Uri Server = new("http://127.0.0.1:19999");
    private static readonly PrometheusClientOptions Fast = new(TimeSpan.FromSeconds(5), 3, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector"}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":{}}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"1"]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["1","1"]}]}}""")]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}}""")]
    [InlineData("""{"status":1,"data":{}}""")]
    [InlineData("""[]""")]
    public async Task Query_SuccessWithAnotherShape_IsABadAnswerNotACrash(string body)
    {
        using var client = new PrometheusClient(Server, TimeProvider.System, Fast, new StubHandler((HttpStatusCode.OK, body)));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => body.Contains("matrix")
            ? client.QueryRangeAsync("up", At, At, TimeSpan.FromSeconds(1), CancellationToken.None)
            : client.QueryAsync("up", At, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
    }

    [Fact]
    public async Task Query_MultiLineQueryAndJoinedErrors_StayOneLine()
    {
        var query = "sum by (zone) (\n  rate(x[1m])\n"; // as a YAML block scalar gives it
        var handler = new StubHandler((HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"3:1: parse error: one\n3:1: parse error: two"}"""));
        using var client = new PrometheusClient(Server, TimeProvider.System, Fast, handler);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync(query, At, CancellationToken.None));

        Assert.Equal("Tried to query Prometheus at http://127.0.0.1:19999 for 'sum by (zone) ( rate(x[1m])' but failed because the query is invalid (bad_data): 3:1: parse error: one 3:1: parse error: two", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:19999/prometheus")]
    [InlineData("http://127.0.0.1:19999/prometheus/")]
    public async Task Query_UnderAPathPrefix_KeepsThePrefix(string baseUri)
    {
        var handler = new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var client = new PrometheusClient(new Uri(baseUri), TimeProvider.System, Fast, handler);
        await client.QueryAsync("up", At, CancellationToken.None);
        Assert.StartsWith("http://127.0.0.1:19999/prometheus/api/v1/query?", handler.Requests[0].RequestUri!.AbsoluteUri);
    }
}

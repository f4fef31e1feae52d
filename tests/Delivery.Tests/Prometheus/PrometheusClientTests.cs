using System.Net;
using Delivery.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Prometheus;

public sealed class PrometheusClientTests
{
    private static readonly Uri Server = new("http://127.0.0.1:19999");
    private static readonly PrometheusClientOptions Fast = new(TimeSpan.FromSeconds(5), 3, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static PrometheusClient Client(StubHandler handler, PrometheusClientOptions? options = null) =>
        new(Server, TimeProvider.System, options ?? Fast, handler);

    [Fact]
    public async Task Query_Vector_GivesOneSeriesPerResultWithSpecialValues()
    {
        var handler = new StubHandler((HttpStatusCode.OK, """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"zone":"us-east-1a","track":"canary"},"value":[1795953600.5,"12.5"]},
              {"metric":{"zone":"us-east-1b","track":"stable"},"value":[1795953600.5,"NaN"]},
              {"metric":{},"value":[1795953600.5,"+Inf"]}]}}
            """));
        using var client = Client(handler);

        var series = await client.QueryAsync("sum by (zone, track) (x)", At, CancellationToken.None);

        Assert.Equal(3, series.Count);
        Assert.Equal(("us-east-1a", 12.5), (series[0].Labels["zone"], series[0].Value));
        Assert.True(double.IsNaN(series[1].Value));
        Assert.True(double.IsPositiveInfinity(series[2].Value));
        var url = handler.Requests.Single().RequestUri!.AbsoluteUri;
        Assert.Contains("query=sum%20by%20%28zone%2C%20track%29%20%28x%29", url);
        Assert.Contains("time=1795953600", url);
    }

    [Fact]
    public async Task Query_Scalar_IsOneSeriesWithoutLabels()
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{"resultType":"scalar","result":[1795953600,"2"]}}""")));
        var series = Assert.Single(await client.QueryAsync("vector(2)", At, CancellationToken.None));
        Assert.Empty(series.Labels);
        Assert.Equal(2, series.Value);
    }

    [Fact]
    public async Task QueryRange_Matrix_GivesPointsPerSeries()
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, """
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"x"},"values":[[1795953600,"1"],[1795953615,"2"]]}]}}
            """)));
        var series = Assert.Single(await client.QueryRangeAsync("up", At, At.AddSeconds(15), TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.Equal([1.0, 2.0], series.Points.Select(p => p.Value));
        Assert.Equal(At.AddSeconds(15), series.Points[1].At);
    }

    [Fact]
    public async Task Query_BadData_IsABadQueryWithPrometheusWordsAndIsNotRetried()
    {
        var handler = new StubHandler((HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"1:5: parse error: unclosed left parenthesis"}"""));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("sum(", At, CancellationToken.None));

        Assert.Equal(PrometheusErrorKind.BadQuery, error.Kind);
        Assert.Equal("bad_data", error.ErrorType);
        Assert.Equal("Tried to query Prometheus at http://127.0.0.1:19999 for 'sum(' but failed because the query is invalid (bad_data): 1:5: parse error: unclosed left parenthesis", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Query_ServiceUnavailableThenSuccess_IsRetried()
    {
        var handler = new StubHandler((HttpStatusCode.ServiceUnavailable, "upstream down"), (HttpStatusCode.ServiceUnavailable, "upstream down"),
            (HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var client = Client(handler);

        Assert.Empty(await client.QueryAsync("up", At, CancellationToken.None));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Query_AlwaysFailing_GivesUpAfterMaxAttemptsWithOneLine()
    {
        var handler = new StubHandler((HttpStatusCode.InternalServerError, """{"status":"error","errorType":"internal","error":"boom"}"""));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", At, CancellationToken.None));

        Assert.Equal(PrometheusErrorKind.ServerError, error.Kind);
        Assert.Equal(3, handler.Requests.Count);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Query_Backoff_WaitsOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(At);
        var handler = new StubHandler((HttpStatusCode.ServiceUnavailable, "x"), (HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[]}}"""));
        using var client = new PrometheusClient(Server, time, new PrometheusClientOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromSeconds(1)), handler);

        var query = client.QueryAsync("up", At, CancellationToken.None);
        for (var i = 0; i < 100 && handler.Requests.Count < 2; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        await query;
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Query_NoAnswerWithinTheTimeout_IsATimeout()
    {
        using var client = new PrometheusClient(Server, TimeProvider.System, new PrometheusClientOptions(TimeSpan.FromMilliseconds(100), 1, TimeSpan.Zero), new StubHandler([null]));

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", At, CancellationToken.None));

        Assert.Equal(PrometheusErrorKind.Timeout, error.Kind);
        Assert.Contains("no answer within 0.1s", error.Message);
    }

    [Fact]
    public async Task Query_CallerCancels_ThrowsOperationCanceled()
    {
        using var client = new PrometheusClient(Server, TimeProvider.System, Fast, new StubHandler([null]));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.QueryAsync("up", At, cancel.Token));
    }

    [Fact]
    public async Task Query_HtmlAnswer_IsABadAnswer()
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, "<html>login</html>")));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", At, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
    }

    [Fact]
    public async Task Credentials_InTheUrl_BecomeBasicAuthAndNeverShow()
    {
        var handler = new StubHandler((HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"x"}"""));
        using var client = new PrometheusClient(new Uri("http://reader:s3cret-pw@127.0.0.1:19999"), TimeProvider.System, Fast, handler);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", At, CancellationToken.None));

        Assert.Equal("Basic", handler.Requests[0].Headers.Authorization!.Scheme);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain("s3cret", client.BaseUri.ToString());
    }
}

using System.Net;
using Delivery.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Prometheus;

/// <summary>The answers and failures PrometheusClientTests leaves out: other refusals, other shapes, the back-off cut short.</summary>
public sealed class PrometheusClientEdgeTests
{
    private static readonly Uri Server = new("http://127.0.0.1:19999");
    private static readonly PrometheusClientOptions Fast = new(TimeSpan.FromSeconds(5), 3, TimeSpan.Zero);
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private const string EmptyVector = """{"status":"success","data":{"resultType":"vector","result":[]}}""";

    private static PrometheusClient Client(StubHandler handler) => new(Server, TimeProvider.System, Fast, handler);

    [Fact]
    public async Task Query_ExecutionError422_IsABadQueryAndNotRetried()
    {
        var handler = new StubHandler(((HttpStatusCode)422, """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"""));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("a / b", At, CancellationToken.None));

        Assert.Equal((PrometheusErrorKind.BadQuery, 422, "execution", false), (error.Kind, error.Status, error.ErrorType, error.IsTransient));
        Assert.EndsWith("many-to-many matching not allowed", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Query_StringResult_IsABadAnswer()
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{"resultType":"string","result":[1795953600,"x"]}}""")));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("\"x\"", At, CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
        Assert.Contains("the result is a string, not a vector or scalar", error.Message);
    }

    [Fact]
    public async Task QueryRange_VectorInsteadOfMatrix_IsABadAnswer()
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, EmptyVector)));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryRangeAsync("up", At, At.AddMinutes(1), TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
    }

    [Fact]
    public async Task Query_ErrorStatusWith200_IsABadAnswerAndNotRetried()
    {
        var handler = new StubHandler((HttpStatusCode.OK, """{"status":"error","errorType":"internal","error":"odd"}"""));
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", At, CancellationToken.None));

        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Query_HtmlFromAProxyWith502_IsAServerErrorAndRetried()
    {
        var handler = new StubHandler((HttpStatusCode.BadGateway, "<html><body>Bad Gateway</body></html>"), (HttpStatusCode.OK, EmptyVector));
        using var client = Client(handler);

        Assert.Empty(await client.QueryAsync("up", At, CancellationToken.None));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Query_LongQuery_IsCutTo200CharactersInTheMessage()
    {
        var query = "sum(" + new string('x', 300) + ")";
        using var client = Client(new StubHandler((HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"too long"}""")));

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync(query, At, CancellationToken.None));

        Assert.Contains($"for '{query[..200]}…' but failed because", error.Message);
        Assert.DoesNotContain(query, error.Message);
    }

    [Fact]
    public async Task QueryRange_SendsUnixSecondsWithMillisecondsAndTheStepInSeconds()
    {
        var handler = new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{"resultType":"matrix","result":[]}}"""));
        using var client = Client(handler);

        await client.QueryRangeAsync("rate(x[1m]) > 0.5", At.AddMilliseconds(250), At.AddMinutes(1), TimeSpan.FromMilliseconds(1500), CancellationToken.None);

        Assert.Equal("?query=rate%28x%5B1m%5D%29%20%3E%200.5&start=1795953600.25&end=1795953660&step=1.5", handler.Requests[0].RequestUri!.Query);
    }

    /// <summary>The back-off is a minute on a clock that never moves: only the caller's cancellation can end it.</summary>
    [Fact]
    public async Task Query_CallerCancelsDuringTheBackoff_StopsAtOnceWithoutAnotherTry()
    {
        var handler = new StubHandler((HttpStatusCode.ServiceUnavailable, "down"));
        using var client = new PrometheusClient(Server, new FakeTimeProvider(At), new PrometheusClientOptions(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMinutes(1)), handler);
        using var cancel = new CancellationTokenSource();

        var query = client.QueryAsync("up", At, cancel.Token);
        while (handler.Requests.Count == 0) await Task.Yield();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task BuildInfo_WithoutVersion_IsABadAnswer()
    {
        using var client = Client(new StubHandler((HttpStatusCode.OK, """{"status":"success","data":{}}""")));
        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.BuildInfoAsync(CancellationToken.None));
        Assert.Equal(PrometheusErrorKind.BadAnswer, error.Kind);
        Assert.StartsWith("Tried to read the build information of Prometheus at http://127.0.0.1:19999 but failed because", error.Message);
    }
}

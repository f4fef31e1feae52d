using Delivery.Prometheus;

namespace Delivery.Tests.Prometheus;

/// <summary>
/// The failures of real sockets and the real Prometheus, counted at the wire: a refused query is asked once, a dead
/// address exactly MaxAttempts times. Like LivePrometheusTests, these fail when the sandbox's Prometheus does not answer.
/// </summary>
public sealed class LivePrometheusFailureTests
{
    private static readonly PrometheusClientOptions Tiny = new(TimeSpan.FromSeconds(5), 3, TimeSpan.FromMilliseconds(1));

    [Fact]
    public async Task Query_Malformed_CarriesPrometheusOwnParseErrorAndIsAskedOnce()
    {
        var wire = new CountingHandler();
        using var client = new PrometheusClient(LivePrometheusTests.Url, TimeProvider.System, Tiny, wire);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("sum(", DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.True(error.Kind == PrometheusErrorKind.BadQuery, $"expected a refused query from {LivePrometheusTests.Url}, got: {error.Message}");
        Assert.Equal((400, "bad_data", false), (error.Status, error.ErrorType, error.IsTransient));
        // Prometheus 2.42's own words, position included.
        Assert.Contains("for 'sum(' but failed because the query is invalid (bad_data): ", error.Message);
        Assert.Contains("1:5: parse error: unclosed left parenthesis", error.Message);
        Assert.Equal(1, wire.Sent);
    }

    [Fact]
    public async Task Query_NothingListening_IsUnreachableAfterExactlyMaxAttempts()
    {
        var wire = new CountingHandler();
        using var client = new PrometheusClient(new Uri("http://127.0.0.1:1"), TimeProvider.System, Tiny, wire);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up", DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Equal(PrometheusErrorKind.Unreachable, error.Kind);
        Assert.True(error.IsTransient);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(Tiny.MaxAttempts, wire.Sent);
    }

    [Fact]
    public async Task BuildInfo_WithCredentialsInTheUrl_NeverShowsThem()
    {
        // Prometheus without --web.config.file ignores basic auth, so the real server answers and the dead port fails.
        using var dead = new PrometheusClient(new Uri("http://reader:s3cret-pw@127.0.0.1:1"), TimeProvider.System, Tiny with { MaxAttempts = 1 });
        var error = await Assert.ThrowsAsync<PrometheusException>(() => dead.BuildInfoAsync(CancellationToken.None));
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain("reader", error.Message);

        var live = new UriBuilder(LivePrometheusTests.Url) { UserName = "reader", Password = "s3cret-pw" }.Uri;
        using var client = new PrometheusClient(live, TimeProvider.System, Tiny);
        Assert.StartsWith("2.", (await client.BuildInfoAsync(CancellationToken.None)).Version);
    }

    /// <summary>Real sockets underneath; counts what reached them.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        private int _sent;

        public int Sent => _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

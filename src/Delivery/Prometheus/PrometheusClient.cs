using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Delivery.Resilience;
using Polly;

namespace Delivery.Prometheus;

/// <summary>
/// <see cref="IPrometheusClient"/> over HTTP. Every call is a read, so every transient failure (no answer, timeout, 5xx)
/// is retried with exponential back-off on the injected clock; a refused query is not (it would be refused again).
/// Credentials in the URL's user info become basic auth and are never printed.
/// </summary>
public sealed class PrometheusClient : IPrometheusClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;
    private readonly PrometheusClientOptions _options;
    private readonly Uri _root;

    public PrometheusClient(Uri baseUri, TimeProvider time, PrometheusClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        _options = options ?? PrometheusClientOptions.Default;
        BaseUri = new UriBuilder(baseUri) { UserName = "", Password = "" }.Uri;
        // Behind a proxy Prometheus lives under a prefix (--web.route-prefix); without the trailing slash,
        // new Uri(root, "api/v1/…") would drop the prefix's last segment.
        _root = BaseUri.AbsolutePath.EndsWith('/') ? BaseUri : new UriBuilder(BaseUri) { Path = BaseUri.AbsolutePath + "/" }.Uri;
        // The per-request timeout is ours (below), so that it is told apart from the caller's cancellation.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        if (baseUri.UserInfo.Length > 0)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(baseUri.UserInfo))));
        _retry = Retries.Pipeline(new RetryOptions(_options.MaxAttempts, _options.FirstRetryDelay), time, (e, _) => e is PrometheusException { IsTransient: true });
    }

    public Uri BaseUri { get; }

    public async Task<PrometheusBuildInfo> BuildInfoAsync(CancellationToken ct)
    {
        var data = await GetAsync("read the build information of", "api/v1/status/buildinfo", null, ct).ConfigureAwait(false);
        return PrometheusAnswers.BuildInfo(data, Failure("read the build information of", null));
    }

    public async Task<IReadOnlyList<PromSeries>> QueryAsync(string promql, DateTimeOffset at, CancellationToken ct)
    {
        var path = $"api/v1/query?query={Uri.EscapeDataString(promql)}&time={Seconds(at)}";
        var data = await GetAsync("query", path, promql, ct).ConfigureAwait(false);
        return PrometheusAnswers.Instant(data, Failure("query", promql));
    }

    public async Task<IReadOnlyList<PromRangeSeries>> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken ct)
    {
        var path = $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Seconds(start)}&end={Seconds(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}";
        var data = await GetAsync("query", path, promql, ct).ConfigureAwait(false);
        return PrometheusAnswers.Range(data, Failure("query", promql));
    }

    private Task<System.Text.Json.JsonElement> GetAsync(string action, string path, string? promql, CancellationToken ct) =>
        _retry.ExecuteAsync(async token => await OnceAsync(action, path, promql, token).ConfigureAwait(false), ct).AsTask();

    private async Task<System.Text.Json.JsonElement> OnceAsync(string action, string path, string? promql, CancellationToken ct)
    {
        var fail = Failure(action, promql);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.GetAsync(new Uri(_root, path), timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return PrometheusAnswers.Envelope((int)response.StatusCode, body, fail);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw fail(PrometheusErrorKind.Timeout, $"no answer within {_options.RequestTimeout.TotalSeconds:0.#}s", null, null, null);
        }
        catch (HttpRequestException e)
        {
            throw fail(PrometheusErrorKind.Unreachable, $"it does not answer ({e.InnerException?.Message ?? e.Message})", null, null, e);
        }
    }

    /// <summary>Makes the one-line error: "Tried to query Prometheus at URL for 'q' but failed because …".</summary>
    private PrometheusAnswers.Fail Failure(string action, string? promql) => (kind, cause, status, type, inner) =>
    {
        var what = promql is null ? "" : $" for '{PrometheusAnswers.Snippet(promql, 200)}'";
        return new PrometheusException(kind, $"Tried to {action} Prometheus at {BaseUri.GetLeftPart(UriPartial.Authority)}{what} but failed because {cause}", status, type, inner);
    };

    private static string Seconds(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    public void Dispose() => _http.Dispose();
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Delivery.Core;
using Delivery.Resilience;
using Polly;

namespace Delivery.DeliveryMetrics;

/// <param name="RequestTimeout">How long one request may take.</param>
/// <param name="MaxAttempts">Tries per request, including the first.</param>
/// <param name="FirstRetryDelay">The first back-off; it doubles.</param>
public sealed record PushgatewayOptions(TimeSpan RequestTimeout, int MaxAttempts, TimeSpan FirstRetryDelay)
{
    /// <summary>Two tries of at most 2 s each: a read and a push end within about 5 s even against a gateway that hangs.</summary>
    public static PushgatewayOptions Default { get; } = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMilliseconds(250));
}

/// <summary>A Pushgateway request that failed, in one line naming the gateway (without credentials) and the cause.</summary>
public sealed class PushgatewayException(string message) : DeliveryException(message);

/// <summary>
/// The Pushgateway's HTTP API (github.com/prometheus/pushgateway README, "API"): <c>GET /api/v1/metrics</c> reads every
/// group, <c>PUT /metrics/job/…/&lt;label&gt;/&lt;value&gt;</c> replaces one group. Both are safe to repeat (a PUT
/// replaces, it never adds), so every transient failure is retried on the injected clock.
/// </summary>
public sealed class PushgatewayClient : IDisposable
{
    private static readonly HashSet<string> GatewayOwn = ["push_time_seconds", "push_failure_time_seconds"];

    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;
    private readonly PushgatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri _root;

    public PushgatewayClient(Uri baseUri, TimeProvider time, PushgatewayOptions? options = null, HttpMessageHandler? handler = null)
    {
        (_time, _options) = (time, options ?? PushgatewayOptions.Default);
        var clean = new UriBuilder(baseUri) { UserName = "", Password = "" }.Uri;
        Name = clean.GetLeftPart(UriPartial.Authority);
        _root = clean.AbsolutePath.EndsWith('/') ? clean : new UriBuilder(clean) { Path = clean.AbsolutePath + "/" }.Uri;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        if (baseUri.UserInfo.Length > 0)
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(baseUri.UserInfo))));
        _retry = Retries.Pipeline(new RetryOptions(_options.MaxAttempts, _options.FirstRetryDelay), time, (e, _) => e is PushgatewayException);
    }

    /// <summary>The gateway as printed: scheme, host and port.</summary>
    public string Name { get; }

    /// <summary>The group's current series (empty when the group does not exist), without the gateway's own push_* gauges.</summary>
    public async Task<MetricSamples> ReadGroupAsync(IReadOnlyDictionary<string, string> grouping, CancellationToken ct)
    {
        var body = await SendAsync("read the groups of", () => new HttpRequestMessage(HttpMethod.Get, new Uri(_root, "api/v1/metrics")), ct).ConfigureAwait(false);
        try
        {
            return Parse(body, grouping);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new PushgatewayException($"Tried to read the groups of the Pushgateway at {Name} but failed because its answer is not the API's JSON ({e.GetType().Name}).");
        }
    }

    /// <summary>Replaces the group with <paramref name="samples"/>.</summary>
    public Task PushAsync(IReadOnlyDictionary<string, string> grouping, MetricSamples samples, CancellationToken ct)
    {
        var path = "metrics" + string.Concat(grouping.Select(g => $"/{Uri.EscapeDataString(g.Key)}/{Uri.EscapeDataString(g.Value)}"));
        var text = samples.ToText();
        return SendAsync("push to", () => new HttpRequestMessage(HttpMethod.Put, new Uri(_root, path))
        {
            Content = new StringContent(text, Encoding.UTF8, "text/plain"),
        }, ct);
    }

    public static MetricSamples Parse(string json, IReadOnlyDictionary<string, string> grouping)
    {
        var samples = new MetricSamples();
        using var document = JsonDocument.Parse(json);
        foreach (var group in document.RootElement.GetProperty("data").EnumerateArray())
        {
            var labels = group.GetProperty("labels");
            if (labels.EnumerateObject().Count() != grouping.Count || !grouping.All(g => labels.TryGetProperty(g.Key, out var v) && v.GetString() == g.Value)) continue;
            foreach (var family in group.EnumerateObject())
            {
                if (family.Value.ValueKind != JsonValueKind.Object || !family.Value.TryGetProperty("metrics", out var metrics) || GatewayOwn.Contains(family.Name)) continue;
                var type = family.Value.TryGetProperty("type", out var t) ? t.GetString() : "UNTYPED";
                if (type is not ("COUNTER" or "GAUGE" or "UNTYPED")) continue; // histograms and summaries are not ours
                var help = family.Value.TryGetProperty("help", out var h) ? h.GetString() ?? "" : "";
                samples.Family(family.Name, Enum.Parse<MetricType>(type, ignoreCase: true), help);
                foreach (var metric in metrics.EnumerateArray())
                {
                    var own = metric.GetProperty("labels").EnumerateObject()
                        .Where(l => !grouping.ContainsKey(l.Name) && l.Name != "instance")
                        .Select(l => KeyValuePair.Create(l.Name, l.Value.GetString() ?? ""));
                    var value = double.Parse(metric.GetProperty("value").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                    samples.Set(SeriesKey.Of(family.Name, own), value, Enum.Parse<MetricType>(type, ignoreCase: true));
                }
            }
        }
        return samples;
    }

    private async Task<string> SendAsync(string action, Func<HttpRequestMessage> request, CancellationToken ct) =>
        await _retry.ExecuteAsync(async token => await OnceAsync(action, request, token).ConfigureAwait(false), ct).ConfigureAwait(false);

    private async Task<string> OnceAsync(string action, Func<HttpRequestMessage> make, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var request = make();
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return body;
            var first = body.Split('\n', 2)[0];
            throw new PushgatewayException($"Tried to {action} the Pushgateway at {Name} but failed because it answered {(int)response.StatusCode}{(first.Length == 0 ? "" : $": {first[..Math.Min(first.Length, 200)]}")}.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new PushgatewayException($"Tried to {action} the Pushgateway at {Name} but failed because it did not answer within {_options.RequestTimeout.TotalSeconds:0.#}s.");
        }
        catch (HttpRequestException e)
        {
            throw new PushgatewayException($"Tried to {action} the Pushgateway at {Name} but failed because it could not be reached ({e.HttpRequestError}).");
        }
    }

    public void Dispose() => _http.Dispose();
}

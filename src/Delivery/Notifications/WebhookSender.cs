using System.Net;
using System.Text;
using Delivery.Resilience;
using Polly;

namespace Delivery.Notifications;

/// <param name="AttemptTimeout">How long one POST may take.</param>
/// <param name="MaxAttempts">Tries in all, including the first.</param>
/// <param name="FirstRetryDelay">The first back-off; it doubles.</param>
/// <param name="Deadline">The bound on everything one message may take (attempts and back-offs), and on how long the end of
/// a run may wait for messages still on their way.</param>
public sealed record WebhookOptions(TimeSpan AttemptTimeout, int MaxAttempts, TimeSpan FirstRetryDelay, TimeSpan Deadline)
{
    /// <summary>
    /// 3 attempts of at most 2 s each, 0.5 s and 1 s apart, all within 5 s: a webhook is told or given up on by then. (2 s,
    /// not 1: the first message of a process pays for a new TLS connection, measured at up to 0.7 s on loopback alone.)
    /// </summary>
    public static WebhookOptions Default { get; } = new(TimeSpan.FromSeconds(2), 3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
}

/// <summary>How one message went: delivered, or why not in words that never contain the URL.</summary>
public sealed record SendResult(bool Sent, int Attempts, string? Failure);

/// <summary>
/// POSTs JSON to a webhook. Retried (exponential back-off on the injected clock): no answer, a timeout, a 5xx, 408 and
/// 429. Not retried: other 4xx, the receiver refusing the message would refuse it again. The URL is a secret (Slack's
/// carries its token in the path), so failures are described by status or error kind only, never by the exception's
/// text, which can quote the address.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<Attempt> _retry;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;

    public WebhookSender(TimeProvider time, WebhookOptions? options = null, HttpMessageHandler? handler = null)
    {
        (_time, _options) = (time, options ?? WebhookOptions.Default);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
        _retry = Retries.Pipeline<Attempt>(new RetryOptions(_options.MaxAttempts, _options.FirstRetryDelay), time,
            (outcome, _) => outcome.Result is { Transient: true });
    }

    public WebhookOptions Options => _options;

    /// <summary>Sends <paramref name="json"/>; never throws for the receiver's sake, only when <paramref name="ct"/> is cancelled by the caller.</summary>
    public async Task<SendResult> SendAsync(Uri url, string json, CancellationToken ct)
    {
        var attempts = 0;
        using var deadline = new CancellationTokenSource(_options.Deadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            var last = await _retry.ExecuteAsync(async token =>
            {
                attempts++;
                return await OnceAsync(url, json, token).ConfigureAwait(false);
            }, linked.Token).ConfigureAwait(false);
            return new SendResult(last.Failure is null, attempts, last.Failure);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(false, attempts, $"no success within {_options.Deadline.TotalSeconds:0.#}s");
        }
    }

    /// <summary>One POST: delivered (no failure), or why not and whether another try may do better.</summary>
    private sealed record Attempt(string? Failure, bool Transient);

    private async Task<Attempt> OnceAsync(Uri url, string json, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(url, content, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new Attempt(null, false);
            var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            return new Attempt($"it answered {status}", transient);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new Attempt($"no answer within {_options.AttemptTimeout.TotalSeconds:0.#}s", true);
        }
        catch (HttpRequestException e)
        {
            return new Attempt($"it could not be reached ({e.HttpRequestError})", true);
        }
    }

    public void Dispose() => _http.Dispose();
}

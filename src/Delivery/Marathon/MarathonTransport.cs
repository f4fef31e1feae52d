using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Delivery.Resilience;
using Polly;

namespace Delivery.Marathon;

/// <summary>
/// Sends one request to Marathon: builds the URL, retries idempotent calls on 5xx and connection failures, and turns
/// error answers into <see cref="MarathonException"/>s. Knows nothing about apps or deployments.
/// </summary>
internal sealed class MarathonTransport(HttpClient http, Uri baseUri, TimeProvider time, RetryOptions retry)
{
    public Uri BaseUri { get; } = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");

    public HttpClient Http => http;

    public TimeProvider Time => time;

    /// <summary>An answer that Marathon gave with a success status.</summary>
    public sealed record Answer(HttpStatusCode Status, string Body, HttpResponseHeaders Headers);

    /// <param name="action">What is tried, for messages: <c>update app /games/lobby</c>.</param>
    /// <param name="idempotent">Repeating the call cannot change the outcome; only then is it retried.</param>
    /// <param name="notFoundIsNull">Answer null on 404 instead of throwing.</param>
    public async Task<Answer?> SendAsync(string action, HttpMethod method, string relative, string? json, bool idempotent,
        CancellationToken ct, bool notFoundIsNull = false)
    {
        Answer reply;
        try
        {
            reply = await (idempotent ? Retrying : ResiliencePipeline<Answer>.Empty).ExecuteAsync(
                async token => await SendOnceAsync(method, relative, json, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionFailure(ex, ct))
        {
            throw MarathonErrors.Unreachable(action, BaseUri, ex);
        }
        if ((int)reply.Status is >= 200 and < 300) return reply;
        if (reply.Status == HttpStatusCode.NotFound && notFoundIsNull) return null;
        throw MarathonErrors.FromResponse(action, reply.Status, reply.Body);
    }

    /// <summary>One request; any answer, success or not, with its body read.</summary>
    private async Task<Answer> SendOnceAsync(HttpMethod method, string relative, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return new Answer(response.StatusCode, body, response.Headers);
    }

    // Idempotent calls are repeated after a 5xx or a connection failure; the others are sent once.
    private ResiliencePipeline<Answer>? _retryingPipeline;
    private ResiliencePipeline<Answer> Retrying => _retryingPipeline ??= Retries.Pipeline<Answer>(retry, time, (outcome, ct) =>
        outcome.Exception is { } ex ? IsConnectionFailure(ex, ct) : (int)outcome.Result!.Status >= 500);

    /// <summary>Refused connections, resets and timeouts of HttpClient; not the caller's own cancellation.</summary>
    private static bool IsConnectionFailure(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException || (ex is TaskCanceledException or TimeoutException && !ct.IsCancellationRequested);

    /// <summary><c>/games/lobby</c> → <c>games/lobby</c> with each segment escaped, for <c>v2/apps/{id}</c>.</summary>
    public static string AppPath(string appId) =>
        string.Join('/', appId.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
}

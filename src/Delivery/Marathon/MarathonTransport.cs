using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Delivery.Marathon;

/// <summary>
/// Sends one request to Marathon: builds the URL, retries idempotent calls on 5xx and connection failures, and turns
/// error answers into <see cref="MarathonException"/>s. Knows nothing about apps or deployments.
/// </summary>
internal sealed class MarathonTransport(HttpClient http, Uri baseUri, TimeProvider time, MarathonRetryPolicy retry)
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
        var attempts = idempotent ? Math.Max(1, retry.MaxAttempts) : 1;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(BaseUri, relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsConnectionFailure(ex, ct))
            {
                if (attempt >= attempts) throw MarathonErrors.Unreachable(action, BaseUri, ex);
                await Task.Delay(retry.DelayAfter(attempt), time, ct).ConfigureAwait(false);
                continue;
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return new Answer(response.StatusCode, body, response.Headers);
                if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull) return null;
                if ((int)response.StatusCode >= 500 && attempt < attempts)
                {
                    await Task.Delay(retry.DelayAfter(attempt), time, ct).ConfigureAwait(false);
                    continue;
                }
                throw MarathonErrors.FromResponse(action, response.StatusCode, body);
            }
        }
    }

    /// <summary>Refused connections, resets and timeouts of HttpClient; not the caller's own cancellation.</summary>
    private static bool IsConnectionFailure(Exception ex, CancellationToken ct) =>
        ex is HttpRequestException || (ex is TaskCanceledException or TimeoutException && !ct.IsCancellationRequested);

    /// <summary><c>/games/lobby</c> → <c>games/lobby</c> with each segment escaped, for <c>v2/apps/{id}</c>.</summary>
    public static string AppPath(string appId) =>
        string.Join('/', appId.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
}

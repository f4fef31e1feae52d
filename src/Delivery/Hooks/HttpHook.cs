using System.Net.Http.Headers;
using System.Text;
using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// Runs a URL hook: one POST of the payload, no retry, because a gate that answers differently on a second try is a
/// gate nobody should trust and a repeated start call would start a second load generator. 2xx passes; the status and
/// the tail of the body are kept, so a refusal explains itself in the run report.
/// </summary>
internal sealed class HttpHook(HttpClient client, TimeProvider time, Func<string, string> redact)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <param name="call">For the two calls of a during-analysis hook, <c>start</c> or <c>stop</c>, named in messages.</param>
    public async Task<HookResult> PostAsync(HookSpec hook, HookPayload payload, string? call, CancellationToken ct)
    {
        var subject = call is null ? hook.ToString() : $"{hook} ({call} call)";
        var started = time.GetTimestamp();
        using var limit = new CancellationTokenSource(hook.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, ct);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
            {
                Content = new StringContent(payload.ToJson(), Encoding.UTF8, Json),
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var tail = new OutputTail(redact);
            using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false)))
                await tail.PumpAsync(reader, linked.Token).ConfigureAwait(false);
            var duration = time.GetElapsedTime(started);
            var code = (int)response.StatusCode;
            return new HookResult(hook.Name, hook.Phase, response.IsSuccessStatusCode, code, duration,
                $"{subject} answered {code} after {HookMessages.Seconds(duration)}", tail.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(hook, started, $"{subject} timed out after {HookMessages.Seconds(hook.Timeout)}");
        }
        catch (HttpRequestException e)
        {
            return Failed(hook, started, $"{subject} could not reach {Where(hook.Url!)}: {HookMessages.OneLine(e.Message)}");
        }
        catch (IOException e)
        {
            return Failed(hook, started, $"{subject} lost the answer from {Where(hook.Url!)}: {HookMessages.OneLine(e.Message)}");
        }
    }

    private HookResult Failed(HookSpec hook, long started, string message) =>
        new(hook.Name, hook.Phase, false, null, time.GetElapsedTime(started), redact(message), "");

    /// <summary>Scheme, host and path only: a token in the query or the user info must not reach the report.</summary>
    private static string Where(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
}

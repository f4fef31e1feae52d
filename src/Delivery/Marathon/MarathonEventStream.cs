using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Delivery.Marathon;

/// <summary>
/// <c>GET /v2/events</c> as an endless sequence: reads SSE frames, keeps the types asked for, and reconnects with
/// back-off when the stream ends or breaks. Marathon itself never closes it, so an end means a restart or a proxy.
/// </summary>
internal sealed class MarathonEventStream(MarathonTransport transport, IReadOnlyCollection<string>? eventTypes)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    public async IAsyncEnumerable<MarathonEvent> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var delay = FirstDelay;
        while (!ct.IsCancellationRequested)
        {
            var response = await ConnectAsync(ct).ConfigureAwait(false);
            if (response is not null)
            {
                delay = FirstDelay;
                using (response)
                await using (var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false))
                {
                    var frames = SseReader.ReadAsync(stream, ct).GetAsyncEnumerator(ct);
                    try
                    {
                        while (await NextAsync(frames, ct).ConfigureAwait(false))
                            if (MarathonEvent.FromFrame(frames.Current.Event, frames.Current.Data) is { } e && Wanted(e))
                                yield return e;
                    }
                    finally
                    {
                        await frames.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
            await Task.Delay(delay, transport.Time, ct).ConfigureAwait(false);
            delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
        }
    }

    private bool Wanted(MarathonEvent e) =>
        eventTypes is { Count: > 0 } ? eventTypes.Contains(e.EventType) : MarathonEvent.KnownTypes.Contains(e.EventType);

    /// <summary>The next frame; false when the stream ended or broke (then the caller reconnects).</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<SseFrame> frames, CancellationToken ct)
    {
        try
        {
            return await frames.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The open stream, or null to retry later (connection failure, 5xx). Other error answers throw.</summary>
    private async Task<HttpResponseMessage?> ConnectAsync(CancellationToken ct)
    {
        var query = eventTypes is { Count: > 0 } ? "?" + string.Join('&', eventTypes.Select(t => "event_type=" + Uri.EscapeDataString(t))) : "";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(transport.BaseUri, "v2/events" + query));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await transport.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || ex is TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            if ((int)response.StatusCode >= 500) return null;
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw MarathonErrors.FromResponse("follow Marathon's event stream", response.StatusCode, body);
        }
    }
}

using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>
/// GET /v2/events, Server-Sent Events: <c>Accept: text/event-stream</c> required (else 405, as the servlet
/// answers), first frame <c>event_stream_attached</c>, <c>event_type</c> filter, keep-alive lines while idle; a reader
/// that falls 1024 events behind is disconnected (see <see cref="EventBus"/>).
/// </summary>
public static class EventsApi
{
    public static async Task StreamAsync(HttpContext context)
    {
        if (!context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 405;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body><h2>HTTP ERROR 405</h2><p>Send Accept: text/event-stream</p></body></html>");
            return;
        }
        var bus = context.RequestServices.GetRequiredService<EventBus>();
        var options = context.RequestServices.GetRequiredService<MarathonEmulatorOptions>();
        var time = context.RequestServices.GetRequiredService<State.MarathonState>().Time;
        // An event_type filter still lets the stream see event_stream_attached, its own being its first frame.
        var types = Values(context, "event_type").ToList();
        if (types.Count > 0) types.Add("event_stream_attached");
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        using var subscription = bus.Subscribe(types, context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        var token = context.RequestAborted;
        try
        {
            Task<bool>? ready = null;
            while (!token.IsCancellationRequested)
            {
                ready ??= subscription.Reader.WaitToReadAsync(token).AsTask();
                using var idleCancel = CancellationTokenSource.CreateLinkedTokenSource(token);
                var idle = Task.Delay(options.EventKeepAlive, time.Provider, idleCancel.Token);
                if (await Task.WhenAny(ready, idle) == idle)
                {
                    await Write(context, "\n");
                    continue;
                }
                idleCancel.Cancel();
                if (!await ready) break; // stream cut by fault injection
                ready = null;
                while (!subscription.Dropped && subscription.Reader.TryRead(out var frame)) await Write(context, frame.ToSse());
                if (subscription.Dropped) break; // too slow: disconnected, as Marathon does
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
    }

    private static async Task Write(HttpContext context, string text)
    {
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}

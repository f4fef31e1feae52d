using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class EventsTests
{
    /// <summary>Reads SSE frames off an open /v2/events response (bounded by a real-time guard so a bug cannot hang the run).</summary>
    private sealed class SseReader(Stream stream) : IDisposable
    {
        private readonly StreamReader _reader = new(stream);

        public async Task<(string? Event, string? Data)> NextAsync()
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            string? type = null, data = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(guard.Token);
                if (line is null) return (null, null);
                if (line.Length == 0)
                {
                    if (type is not null || data is not null) return (type, data);
                    continue; // keep-alive
                }
                if (line.StartsWith("event: ")) type = line["event: ".Length..];
                else if (line.StartsWith("data: ")) data = line["data: ".Length..];
            }
        }

        public void Dispose() => _reader.Dispose();
    }

    private static async Task<(HttpResponseMessage, SseReader)> OpenAsync(MarathonHost host, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/events" + query);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, new SseReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task Events_FirstFrameIsAttached_ThenOneLineJsonFramesLikeFixture17()
    {
        await using var host = MarathonHost.Start();
        var (response, sse) = await OpenAsync(host);
        using var _ = sse;
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var (type, data) = await sse.NextAsync();
        Assert.Equal("event_stream_attached", type);
        var attached = JsonNode.Parse(data!)!;
        var documented = JsonNode.Parse(Fixtures.Text("17-events-stream.txt").Split('\n')[1]["data: ".Length..])!;
        Assert.Equal(documented.AsObject().Select(p => p.Key).Order(), attached.AsObject().Select(p => p.Key).Order());

        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        Assert.Equal("group_change_success", (await sse.NextAsync()).Event); // the stored change, then the API call
        var (next, payload) = await sse.NextAsync();
        Assert.Equal("api_post_event", next);
        Assert.Equal("api_post_event", JsonNode.Parse(payload!)!["eventType"]!.GetValue<string>());
        Assert.DoesNotContain('\n', payload!);
    }

    [Fact]
    public async Task Events_EventTypeFilter_DeliversOnlyThoseTypes()
    {
        await using var host = MarathonHost.Start();
        var (_, sse) = await OpenAsync(host, "?event_type=deployment_success&event_type=status_update_event");
        using var _ = sse;
        Assert.Equal("event_stream_attached", (await sse.NextAsync()).Event);
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        var seen = new List<(string? Event, string? State)>();
        for (var i = 0; i < 4; i++)
        {
            var next = await sse.NextAsync();
            seen.Add((next.Event, next.Event == "status_update_event" ? JsonNode.Parse(next.Data!)!["taskStatus"]!.GetValue<string>() : null));
        }
        // Staging, starting (reported by the agent), running: TASK_STARTING is Mesos's own step between them.
        Assert.Equal([("status_update_event", "TASK_STAGING"), ("status_update_event", "TASK_STARTING"), ("status_update_event", "TASK_RUNNING"),
            ("deployment_success", null)], seen);
    }

    [Fact]
    public async Task Events_WithoutEventStreamAccept_Answers405()
    {
        await using var host = MarathonHost.Start();
        var response = await host.Client.GetAsync("/v2/events");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Events_CutBySandbox_EndsTheStream()
    {
        await using var host = MarathonHost.Start();
        var (_, sse) = await OpenAsync(host);
        using var _ = sse;
        Assert.Equal("event_stream_attached", (await sse.NextAsync()).Event);
        var (cut, body) = await host.PostAsync("/_sandbox/marathon/events/cut", null);
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        Assert.Equal(1, body!["streamsClosed"]!.GetValue<int>());
        Assert.Null((await sse.NextAsync()).Event);
    }

    [Fact]
    public async Task Events_IdleStream_SendsKeepAliveLines()
    {
        await using var host = MarathonHost.Start();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 3; i++) await reader.ReadLineAsync(guard.Token); // attached frame
        var pending = reader.ReadLineAsync(guard.Token).AsTask();
        while (!pending.IsCompleted && !guard.IsCancellationRequested)
        {
            host.Time.Advance(TimeSpan.FromSeconds(11));
            await Task.WhenAny(pending, Task.Delay(20));
        }
        Assert.Equal("", await pending);
    }
}

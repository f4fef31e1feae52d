using System.Text;
using System.Text.Json.Nodes;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

public class MarathonEventsTests
{
    private const string Unknown = "event: brand_new_event\ndata: {\"eventType\":\"brand_new_event\",\"timestamp\":\"2015-09-30T12:50:00.000Z\"}\n\n";
    private const string Success = "event: deployment_success\ndata: {\"id\":\"d-1\",\"plan\":{\"id\":\"d-1\"},\"eventType\":\"deployment_success\",\"timestamp\":\"2015-09-30T12:51:00.000Z\"}\n\n";

    [Fact]
    public async Task Read_Fixture17InOneRead_YieldsEveryFrame()
    {
        var frames = await Collect(SseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.Read("17-events-stream.txt")))));

        Assert.Equal(["event_stream_attached", "status_update_event", "status_update_event"], frames.Select(f => f.Event));
        Assert.All(frames, f => Assert.NotNull(JsonNode.Parse(f.Data)));
    }

    [Fact]
    public async Task Read_Fixture17OneByteAtATime_YieldsTheSameFrames()
    {
        var bytes = Encoding.UTF8.GetBytes(Fixtures.Read("17-events-stream.txt"));

        var whole = await Collect(SseReader.ReadAsync(new MemoryStream(bytes)));
        var trickled = await Collect(SseReader.ReadAsync(new TrickleStream(bytes)));

        Assert.Equal(whole, trickled);
    }

    [Fact]
    public async Task Read_CommentsMultiLineDataAndCrLf_FollowTheSseRules()
    {
        var text = ": keep-alive\r\nevent: a\r\ndata: {\"x\":\r\ndata: 1}\r\n\r\ndata: lonely\n\nevent: cut-off\ndata: never ended";

        var frames = await Collect(SseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text))));

        Assert.Equal([new SseFrame("a", "{\"x\":\n1}"), new SseFrame(null, "lonely")], frames);
    }

    [Fact]
    public async Task Events_UnknownTypeBetweenKnown_IsSkipped()
    {
        var h = new ClientHarness();
        h.Stub.OnStream("GET /v2/events", () => new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.Read("17-events-stream.txt") + Unknown + Success)));

        var events = await h.Run(c => Collect(c.EventsAsync(), 4));

        Assert.Equal(["event_stream_attached", "status_update_event", "status_update_event", "deployment_success"], events.Select(e => e.EventType));
        Assert.True(events[0].Attached);
        Assert.Equal(("/foo", "TASK_FAILED"), (events[1].AppId, events[1].TaskStatus));
        Assert.Equal("d-1", events[3].DeploymentId);
        Assert.Equal(new DateTimeOffset(2015, 9, 30, 12, 44, 30, 61, TimeSpan.Zero), events[0].Timestamp);
        Assert.Equal("text/event-stream", h.Stub.Requests[0].Accept);
    }

    [Fact]
    public async Task Events_StreamEnds_ReconnectsAfterBackOffAndStartsWithAttached()
    {
        var h = new ClientHarness();
        h.Stub.OnStream("GET /v2/events", () => new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.Read("17-events-stream.txt"))))
            .Refuse("GET /v2/events")
            .OnStream("GET /v2/events", () => new MemoryStream(Encoding.UTF8.GetBytes(
                "event: event_stream_attached\ndata: {\"eventType\":\"event_stream_attached\",\"timestamp\":\"2015-09-30T13:00:00.000Z\"}\n\n" + Success)));

        var events = await h.Run(c => Collect(c.EventsAsync(), 5));

        Assert.Equal(["event_stream_attached", "status_update_event", "status_update_event", "event_stream_attached", "deployment_success"],
            events.Select(e => e.EventType));
        Assert.Equal(3, h.Stub.Requests.Count);
        Assert.True(h.Elapsed >= TimeSpan.FromSeconds(1.5), $"waited {h.Elapsed}: 0.5 s then 1 s expected");
    }

    [Fact]
    public async Task Events_TypesRequested_FilteredByMarathonAndByTheClient()
    {
        var h = new ClientHarness();
        h.Stub.OnStream("GET /v2/events", () => new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.Read("17-events-stream.txt") + Success)));

        var events = await h.Run(c => Collect(c.EventsAsync(["deployment_success", "deployment_failed"]), 1));

        Assert.Equal("deployment_success", Assert.Single(events).EventType);
        Assert.Equal("?event_type=deployment_success&event_type=deployment_failed", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public void FromFrame_Fixture18Payloads_ExposeTheirMembers()
    {
        var examples = JsonNode.Parse(Fixtures.Read("18-event-payload-examples.json"))!.AsArray()
            .Select(e => MarathonEvent.FromFrame(null, e!.ToJsonString())!).ToList();

        Assert.All(examples, e => Assert.NotNull(e.Timestamp));
        Assert.Contains(examples, e => e.EventType == "status_update_event" && e.TaskStatus == "TASK_RUNNING" && e.AppId == "/my-app");
        Assert.Contains(examples, e => e.EventType == "instance_health_changed_event" && e.Healthy == true && e.AppId == "/app-id");
        Assert.Contains(examples, e => e.EventType == "health_status_changed_event" && e.Healthy is not null);
        Assert.Contains(examples, e => e.EventType is "deployment_success" or "deployment_failed" && e.DeploymentId is not null);
    }

    [Fact]
    public void FromFrame_NotJson_IsNull()
    {
        Assert.Null(MarathonEvent.FromFrame("status_update_event", "not json"));
        Assert.Null(MarathonEvent.FromFrame("x", "[1]"));
    }

    private static async Task<List<T>> Collect<T>(IAsyncEnumerable<T> source, int take = int.MaxValue)
    {
        var items = new List<T>();
        if (take == 0) return items;
        await foreach (var item in source)
        {
            items.Add(item);
            if (items.Count == take) break;
        }
        return items;
    }

    /// <summary>Hands out one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], ct);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            base.ReadAsync(buffer, offset, Math.Min(1, count), ct);
    }
}

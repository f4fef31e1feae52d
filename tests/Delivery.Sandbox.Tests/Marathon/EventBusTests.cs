using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.State;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class EventBusTests
{
    private static EventBus Bus(int buffer) => new(new MarathonTime(new FakeTimeProvider()), buffer);

    // Marathon: core/event/impl/stream/HttpEventStreamHandleActor.scala drops the connection of a slow consumer.
    [Fact]
    public void Publish_SlowSubscriberBufferFull_DisconnectsThatSubscriberOnly()
    {
        var bus = Bus(2);
        using var slow = bus.Subscribe([]);
        using var filtered = bus.Subscribe(["deployment_success"]);
        for (var i = 0; i < 5; i++) bus.Publish("status_update_event", new JsonObject { ["n"] = i });
        bus.Publish("deployment_success", new JsonObject { ["id"] = "d1" });

        Assert.True(slow.Dropped);
        Assert.Equal(1, bus.SubscriberCount);
        Assert.False(filtered.Dropped);
        Assert.True(filtered.Reader.TryRead(out var success));
        Assert.Equal("deployment_success", success!.EventType);
    }

    [Fact]
    public void Subscribe_HttpStream_AttachedAndDetachedAnnouncedToEveryStream()
    {
        var bus = Bus(8);
        using var first = bus.Subscribe([], "127.0.0.1");
        var second = bus.Subscribe([], "127.0.0.2");
        second.Dispose();

        var seen = new List<string>();
        while (first.Reader.TryRead(out var frame)) seen.Add($"{frame.EventType} {JsonNode.Parse(frame.Data)!["remoteAddress"]}");
        Assert.Equal(["event_stream_attached 127.0.0.1", "event_stream_attached 127.0.0.2", "event_stream_detached 127.0.0.2"], seen);
    }

    [Fact]
    public void Frame_ToSse_IsEventLineDataLineBlankLine()
    {
        var bus = Bus(4);
        using var subscription = bus.Subscribe([]);
        bus.Publish("app_terminated_event", new JsonObject { ["appId"] = "/a" });
        Assert.True(subscription.Reader.TryRead(out var frame));
        var lines = frame!.ToSse().Split('\n');
        Assert.Equal("event: app_terminated_event", lines[0]);
        Assert.StartsWith("data: {\"appId\":\"/a\",\"eventType\":\"app_terminated_event\",\"timestamp\":\"", lines[1]);
        Assert.Equal(["", ""], lines[2..]);
    }

    [Fact]
    public void CutAll_CompletesEveryStream()
    {
        var bus = Bus(4);
        var subscription = bus.Subscribe([]);
        Assert.Equal(1, bus.CutAll());
        Assert.True(subscription.Reader.Completion.IsCompleted);
        Assert.Equal(0, bus.SubscriberCount);
    }
}

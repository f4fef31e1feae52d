using System.Text.Json.Nodes;
using System.Threading.Channels;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Events;

/// <summary>
/// Marathon's event bus as /v2/events serves it (core/event/impl/stream/HttpEventStreamHandleActor.scala). Each
/// subscriber has its own bounded buffer (1024 outstanding messages); a reader so slow that it fills the buffer is
/// disconnected, its outstanding events dropped, rather than silently missing events and trusting a stale view. A stream
/// that attaches or detaches is announced to every subscriber (event_stream_attached / event_stream_detached).
/// </summary>
public sealed class EventBus(MarathonTime time, int bufferPerSubscriber)
{
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private long _published;

    public long Published => Interlocked.Read(ref _published);

    public int SubscriberCount { get { lock (_gate) return _subscribers.Count; } }

    /// <summary>Stamps eventType and timestamp and hands the event to every subscriber that wants its type.</summary>
    public void Publish(string eventType, JsonObject payload)
    {
        payload["eventType"] = eventType;
        payload["timestamp"] = time.NowText;
        var frame = new EventFrame(eventType, payload.ToJsonString());
        Interlocked.Increment(ref _published);
        List<Subscription> slow = [];
        lock (_gate)
            foreach (var subscriber in _subscribers)
                if (subscriber.Wants(eventType) && !subscriber.Channel.Writer.TryWrite(frame)) slow.Add(subscriber);
        foreach (var subscriber in slow) subscriber.Drop();
    }

    /// <param name="eventTypes">event_type filter; empty = everything.</param>
    /// <param name="remoteAddress">The client of an HTTP stream, announced to every subscriber; null for in-process readers.</param>
    public Subscription Subscribe(IReadOnlyCollection<string> eventTypes, string? remoteAddress = null)
    {
        var channel = Channel.CreateBounded<EventFrame>(new BoundedChannelOptions(bufferPerSubscriber)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails on a full buffer: the reader is dropped
        });
        var subscription = new Subscription(this, channel, eventTypes.ToHashSet(StringComparer.Ordinal), remoteAddress);
        lock (_gate) _subscribers.Add(subscription);
        if (remoteAddress is not null) Publish("event_stream_attached", new JsonObject { ["remoteAddress"] = remoteAddress });
        return subscription;
    }

    /// <summary>Fault injection: ends every open stream; clients must reconnect and re-read state.</summary>
    public int CutAll()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers) subscriber.Channel.Writer.TryComplete();
            var count = _subscribers.Count;
            _subscribers.Clear();
            return count;
        }
    }

    internal void Remove(Subscription subscription)
    {
        bool removed;
        lock (_gate) removed = _subscribers.Remove(subscription);
        subscription.Channel.Writer.TryComplete();
        if (removed && subscription.RemoteAddress is { } address)
            Publish("event_stream_detached", new JsonObject { ["remoteAddress"] = address });
    }

    public sealed class Subscription(EventBus bus, Channel<EventFrame> channel, HashSet<string> types, string? remoteAddress) : IDisposable
    {
        internal Channel<EventFrame> Channel { get; } = channel;
        public ChannelReader<EventFrame> Reader => Channel.Reader;
        internal string? RemoteAddress { get; } = remoteAddress;

        /// <summary>Disconnected for being too slow: what it had not read yet is not to be sent.</summary>
        public bool Dropped { get; private set; }

        internal bool Wants(string eventType) => types.Count == 0 || types.Contains(eventType);

        internal void Drop()
        {
            Dropped = true;
            bus.Remove(this);
        }

        public void Dispose() => bus.Remove(this);
    }
}

/// <summary>One SSE frame: <c>event: type</c>, <c>data: one-line JSON</c>, blank line.</summary>
public sealed record EventFrame(string EventType, string Data)
{
    public string ToSse() => $"event: {EventType}\ndata: {Data}\n\n";
}

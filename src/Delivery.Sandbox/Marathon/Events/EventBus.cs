using System.Text.Json.Nodes;
using System.Threading.Channels;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Events;

/// <summary>
/// Marathon's event bus as /v2/events serves it. Each subscriber has its own bounded buffer; when a slow reader
/// lets it fill, newer events are dropped for that reader only (Marathon: 1024 outstanding messages per stream).
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
        lock (_gate)
            foreach (var subscriber in _subscribers)
                if (subscriber.Wants(eventType)) subscriber.Channel.Writer.TryWrite(frame);
    }

    /// <param name="eventTypes">event_type filter; empty = everything.</param>
    public Subscription Subscribe(IReadOnlyCollection<string> eventTypes)
    {
        var channel = Channel.CreateBounded<EventFrame>(new BoundedChannelOptions(bufferPerSubscriber)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        var subscription = new Subscription(this, channel, eventTypes.ToHashSet(StringComparer.Ordinal));
        lock (_gate) _subscribers.Add(subscription);
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
        lock (_gate) _subscribers.Remove(subscription);
        subscription.Channel.Writer.TryComplete();
    }

    public sealed class Subscription(EventBus bus, Channel<EventFrame> channel, HashSet<string> types) : IDisposable
    {
        internal Channel<EventFrame> Channel { get; } = channel;
        public ChannelReader<EventFrame> Reader => Channel.Reader;
        internal bool Wants(string eventType) => types.Count == 0 || types.Contains(eventType);
        public void Dispose() => bus.Remove(this);
    }
}

/// <summary>One SSE frame: <c>event: type</c>, <c>data: one-line JSON</c>, blank line.</summary>
public sealed record EventFrame(string EventType, string Data)
{
    public string ToSse() => $"event: {EventType}\ndata: {Data}\n\n";
}

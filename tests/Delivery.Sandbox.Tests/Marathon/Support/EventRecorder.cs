using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Delivery.Sandbox.Tests.Marathon.Support;

/// <summary>Subscribes to the emulator's event bus directly and collects what was published so far.</summary>
public sealed class EventRecorder : IDisposable
{
    private readonly EventBus.Subscription _subscription;

    public EventRecorder(MarathonHost host, params string[] types) =>
        _subscription = host.Services.GetRequiredService<EventBus>().Subscribe(types);

    public List<JsonObject> Drain()
    {
        var events = new List<JsonObject>();
        while (_subscription.Reader.TryRead(out var frame)) events.Add(JsonNode.Parse(frame.Data)!.AsObject());
        return events;
    }

    public void Dispose() => _subscription.Dispose();
}

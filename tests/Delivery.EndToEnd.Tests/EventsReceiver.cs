using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// A webhook receiver on 127.0.0.1 for the whole end-to-end collection: the clone's local environment announces every
/// run to it (a <c>webhook</c> sink whose URL is in <see cref="Variable"/>), and tests look up the messages of their runs.
/// </summary>
public sealed class EventsReceiver : IDisposable
{
    public const string Variable = "DELIVERY_E2E_EVENTS_URL";

    private readonly HttpListener _listener = new();
    private readonly List<JsonElement> _received = [];

    public EventsReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/events/";
        }
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>The messages of run <paramref name="runId"/>, waiting up to <paramref name="wait"/> for one with <paramref name="eventName"/>.</summary>
    public async Task<JsonElement?> WaitForAsync(string runId, string eventName, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            lock (_received)
                foreach (var message in _received)
                    if (message.GetProperty("runId").GetString() == runId && message.GetProperty("event").GetString() == eventName)
                        return message;
            if (DateTime.UtcNow >= deadline) return null;
            await Task.Delay(100);
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync();
                try
                {
                    using var document = JsonDocument.Parse(body);
                    lock (_received) _received.Add(document.RootElement.Clone());
                }
                catch (JsonException) { }
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}

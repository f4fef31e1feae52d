using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Delivery.Tests.Notifications;

/// <summary>
/// A webhook receiver on 127.0.0.1 (HttpListener on a free port): keeps every request with the moment it arrived, and
/// answers each with what <see cref="Answer"/> says for its number (1-based), after an optional delay.
/// </summary>
internal sealed class LocalReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public sealed record Received(string Path, string ContentType, string Body, DateTimeOffset At);

    public LocalReceiver()
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    /// <summary>The URL a sink is given: its path carries a token, as Slack's do.</summary>
    public string SecretUrl(string name = "hook") => new Uri(Url, $"services/T0001/B0002/{name}-Zx9secretToken").ToString();

    public Func<int, (HttpStatusCode Status, TimeSpan Delay)> Answer { get; set; } = _ => (HttpStatusCode.OK, TimeSpan.Zero);

    public List<Received> Requests { get; } = [];

    public SemaphoreSlim Arrived { get; } = new(0);

    private async Task LoopAsync()
    {
        var count = 0;
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            var number = Interlocked.Increment(ref count);
            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                lock (Requests) Requests.Add(new Received(context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body, DateTimeOffset.UtcNow));
                Arrived.Release();
                var (status, delay) = Answer(number);
                try
                {
                    if (delay > TimeSpan.Zero) await Task.Delay(delay, _stop.Token);
                    context.Response.StatusCode = (int)status;
                    context.Response.Close(Encoding.UTF8.GetBytes("ok"), willBlock: false);
                }
                catch (Exception)
                {
                    // The client gave up (a hanging sink's test) or the receiver stopped.
                }
            });
        }
    }

    public IReadOnlyList<Received> Snapshot()
    {
        lock (Requests) return Requests.ToList();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        _listener.Close();
    }
}

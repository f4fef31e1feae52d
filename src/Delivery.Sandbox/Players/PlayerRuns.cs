using System.Collections.Concurrent;

namespace Delivery.Sandbox.Players;

/// <summary>The player runs of the sandbox host, one per service; stopped with the host.</summary>
public sealed class PlayerRuns(Uri marathon, TimeProvider time) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (PlayerRun Run, CancellationTokenSource Stop, Task Task)> _runs = new();
    private readonly HttpClient _marathon = new() { BaseAddress = marathon, Timeout = TimeSpan.FromSeconds(5) };
    private readonly HttpClient _players = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(10) };

    public PlayerReport Start(PlayerRunOptions options)
    {
        if (_runs.TryRemove(options.Service, out var previous))
            previous.Stop.Cancel();
        var run = new PlayerRun(options, new ServiceTargets(_marathon), _players, time);
        var stop = new CancellationTokenSource();
        _runs[options.Service] = (run, stop, Task.Run(() => run.RunAsync(stop.Token)));
        return run.Report;
    }

    public IReadOnlyList<PlayerReport> Reports() => _runs.Values.Select(r => r.Run.Report).OrderBy(r => r.Service, StringComparer.Ordinal).ToList();

    public async Task<PlayerReport?> StopAsync(string service)
    {
        if (!_runs.TryGetValue(service, out var entry))
            return null;
        await entry.Stop.CancelAsync();
        await entry.Task;
        return entry.Run.Report;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _runs.Keys.ToList())
            await StopAsync(service);
        _marathon.Dispose();
        _players.Dispose();
    }
}

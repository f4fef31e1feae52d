using System.Collections.Concurrent;

namespace Delivery.Sandbox.Players;

/// <summary>What a player run did, by track and by task: sent, answered by status class, and failed to connect.</summary>
public sealed record PlayerReport(
    string Service,
    double RequestsPerSecond,
    bool Running,
    long Sent,
    long Succeeded,
    long ClientErrors,
    long ServerErrors,
    long Unreachable,
    long SkippedNoTarget,
    IReadOnlyDictionary<string, long> ByTrack,
    IReadOnlyDictionary<string, long> ByTask);

/// <summary>Thread-safe counters behind a <see cref="PlayerReport"/>.</summary>
public sealed class PlayerCounts
{
    private long _sent, _succeeded, _clientErrors, _serverErrors, _unreachable, _skipped;
    private readonly ConcurrentDictionary<string, long> _byTrack = new();
    private readonly ConcurrentDictionary<string, long> _byTask = new();

    public void Sent(ServiceTarget target)
    {
        Interlocked.Increment(ref _sent);
        _byTrack.AddOrUpdate(target.Track, 1, (_, n) => n + 1);
        _byTask.AddOrUpdate(target.TaskId, 1, (_, n) => n + 1);
    }

    public void Answered(int status)
    {
        if (status >= 500) Interlocked.Increment(ref _serverErrors);
        else if (status >= 400) Interlocked.Increment(ref _clientErrors);
        else Interlocked.Increment(ref _succeeded);
    }

    public void Unreachable() => Interlocked.Increment(ref _unreachable);

    public void NoTarget() => Interlocked.Increment(ref _skipped);

    public PlayerReport Report(string service, double rate, bool running) => new(service, rate, running,
        Interlocked.Read(ref _sent), Interlocked.Read(ref _succeeded), Interlocked.Read(ref _clientErrors),
        Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _unreachable), Interlocked.Read(ref _skipped),
        new SortedDictionary<string, long>(_byTrack), new SortedDictionary<string, long>(_byTask));
}

namespace Delivery.Runner.Execution;

/// <summary>
/// The build's cancellation, triggered by Ctrl+C or SIGTERM in a real process and by tests directly.
/// After a trigger, <see cref="Renew"/> hands assured targets a fresh token that a further trigger cancels.
/// </summary>
internal sealed class CancellationSignal : IDisposable
{
    readonly Lock _gate = new();
    CancellationTokenSource _source = new();
    int _triggers;

    public CancellationToken Token { get { lock (_gate) return _source.Token; } }

    /// <summary>True once the signal was triggered at least once during this build.</summary>
    public bool WasTriggered => Volatile.Read(ref _triggers) > 0;

    /// <summary>How many times the signal fired; the process host lets the third one terminate.</summary>
    public int Trigger()
    {
        CancellationTokenSource source;
        lock (_gate) source = _source;
        var count = Interlocked.Increment(ref _triggers);
        source.Cancel();
        return count;
    }

    /// <summary>A fresh, uncancelled token for the targets that must run after cancellation.</summary>
    public CancellationToken Renew()
    {
        lock (_gate)
        {
            if (_source.IsCancellationRequested)
            {
                _source.Dispose();
                _source = new CancellationTokenSource();
            }
            return _source.Token;
        }
    }

    public void Dispose()
    {
        lock (_gate) _source.Dispose();
    }
}

using Delivery.Core.Leases;

namespace Delivery.Engine;

/// <summary>
/// How long this process has seen the newest lease unchanged, on its own monotonic clock: a change of epoch or of
/// version (a renewal) starts the count again. This is how a lease expires without comparing clocks between machines.
/// </summary>
public sealed class LeaseWatch(TimeProvider time)
{
    private (long Epoch, string Version)? _seen;
    private long _since;

    /// <summary>Starts the count again at the next read (after a time this reader could not see the lease).</summary>
    public void Forget() => _seen = null;

    public TimeSpan UnchangedFor(LeaseRecord? newest)
    {
        if (newest is null) return TimeSpan.Zero;
        var key = (newest.Epoch, newest.Version);
        if (_seen != key)
        {
            _seen = key;
            _since = time.GetTimestamp();
        }
        return time.GetElapsedTime(_since);
    }
}

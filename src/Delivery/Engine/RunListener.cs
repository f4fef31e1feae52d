namespace Delivery.Engine;

/// <summary>A run as it begins: enough to announce it before anything is known of its release.</summary>
public sealed record RunStart(string RunId, string Kind, DeploymentTarget Target, string Holder, DateTimeOffset At);

/// <summary>
/// What the world outside hears of a run (notifications, delivery metrics). Told by <see cref="EngineContext.ExecuteAsync"/>
/// only: after a run's outcome is decided, never in its way. An implementation never throws and bounds its own time:
/// <see cref="Started"/> and <see cref="LeaseTakenOver"/> return at once (their sends happen in the background).
/// </summary>
public interface IRunListener
{
    void Started(RunStart run);

    /// <param name="from">The holder whose lease was taken, as people read it.</param>
    /// <param name="why">Why it could be taken: its process is gone, it was not renewed, a rollback pre-empts a deploy.</param>
    void LeaseTakenOver(RunStart run, string from, string why);

    /// <summary>The run ended with <paramref name="report"/> (also when it failed); returns within the listener's own bound.</summary>
    Task FinishedAsync(RunReport report, CancellationToken ct);
}

/// <summary>Several listeners, told in order; each keeps its own bound, so they are finished side by side.</summary>
public sealed class RunListeners(IReadOnlyList<IRunListener> listeners) : IRunListener
{
    public void Started(RunStart run)
    {
        foreach (var listener in listeners) listener.Started(run);
    }

    public void LeaseTakenOver(RunStart run, string from, string why)
    {
        foreach (var listener in listeners) listener.LeaseTakenOver(run, from, why);
    }

    public Task FinishedAsync(RunReport report, CancellationToken ct) =>
        Task.WhenAll(listeners.Select(l => l.FinishedAsync(report, ct)));
}

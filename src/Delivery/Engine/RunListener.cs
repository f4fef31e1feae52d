namespace Delivery.Engine;

/// <summary>A run as it begins: enough to announce it before anything is known of its release.</summary>
public sealed record RunStart(string RunId, string Kind, DeploymentTarget Target, string Holder, DateTimeOffset At);

/// <summary>
/// What the world outside hears of a run (notifications, delivery metrics). Told by <see cref="EngineContext.ExecuteAsync"/>
/// (and the lease keeper) only, and never in a run's way: every method returns at once and the sending happens in the
/// background, so no run, not even a Rollback chained after a failed Deploy, waits for a webhook or a Pushgateway. The
/// end of the process waits for what is still on its way through <see cref="DrainAsync"/>, within the listener's own
/// bound. An implementation never throws.
/// </summary>
public interface IRunListener
{
    void Started(RunStart run);

    /// <param name="from">The holder whose lease was taken, as people read it.</param>
    /// <param name="why">Why it could be taken: its process is gone, it was not renewed, a rollback pre-empts a deploy.</param>
    void LeaseTakenOver(RunStart run, string from, string why);

    /// <summary>The run ended with <paramref name="report"/> (also when it failed): its outcome is decided.</summary>
    void Finished(RunReport report);

    /// <summary>Waits for what is still being sent, never longer than the listener's bound; warns about what it gives up.</summary>
    Task DrainAsync(CancellationToken ct);
}

/// <summary>Several listeners, told in order; each keeps its own bound, so they are drained side by side.</summary>
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

    public void Finished(RunReport report)
    {
        foreach (var listener in listeners) listener.Finished(report);
    }

    public Task DrainAsync(CancellationToken ct) => Task.WhenAll(listeners.Select(l => l.DrainAsync(ct)));
}

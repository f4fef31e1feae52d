using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>
/// Waits for the stable app's deployment to finish with every instance healthy, with a deadline: Marathon never fails
/// a deployment by itself (an unhealthy task is restarted forever), so the engine decides when enough is enough.
/// </summary>
public static class AppWaiter
{
    /// <returns>True when healthy in time; false at the deadline.</returns>
    public static async Task<bool> StableHealthyAsync(PipelineSession session, int instances, TimeSpan deadline, string what, CancellationToken ct)
    {
        var started = session.Time.GetUtcNow();
        while (true)
        {
            var observed = await session.Observer.ObserveAsync(CanaryStatus.Idle, ct).ConfigureAwait(false);
            var now = session.Time.GetUtcNow();
            if (observed.Stable is { Deploying: false } stable && stable.Instances == instances && stable.Healthy >= instances) return true;
            if (now - started > deadline) return false;
            var healthy = observed.Stable?.Healthy ?? 0;
            var zones = string.Join(", ", session.Target.Zones.Select(z => $"{z} {observed.Stable?.TasksIn(z).Healthy ?? 0} healthy"));
            session.Progress.Waiting($"{what} {session.Target.StableAppId}",
                $"{session.Target.Name}: waiting for {what}: {healthy}/{instances} healthy ({zones})", started);
            await Task.Delay(session.Settings.PassInterval, session.Time, ct).ConfigureAwait(false);
        }
    }

    public static bool InFlight(CanaryStatus status, bool canaryExists) =>
        status.Phase == CanaryPhase.Unknown ? canaryExists : !status.IsDone;
}

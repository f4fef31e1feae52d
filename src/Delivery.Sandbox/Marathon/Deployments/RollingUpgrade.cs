namespace Delivery.Sandbox.Marathon.Deployments;

/// <summary>
/// The arithmetic of a RestartApplication step (TaskReplaceActor), read as a function of what runs now so
/// that every scheduler pass can re-decide from scratch (status is the only memory):
/// <code>
/// minHealthy  = ceil(n × minimumHealthCapacity)
/// maxCapacity = floor(n × (1 + maximumOverCapacity)), +1 when it equals minHealthy ({1,0}: one extra at a time)
/// old kept    = max(0, minHealthy − new healthy+ready)      (unhealthy old ones are killed first)
/// launch      = min(n − new, maxCapacity − old still holding resources − new)
/// done        = no old left and n new healthy+ready
/// </code>
/// Example n=4, {0.5, 0}: minHealthy 2, maxCapacity 4 → kill 2 old, start 2 new; each new one turning healthy lets
/// one more old go and one more new start.
/// </summary>
public static class RollingUpgrade
{
    /// <param name="Healthy">Running and healthy (all health results alive; running is enough without checks).</param>
    /// <param name="Killing">Kill sent, not yet confirmed dead: holds capacity, no longer counts as kept.</param>
    /// <param name="Order">Kill order among equals (killSelection): lower goes first.</param>
    public sealed record Instance(string Id, bool Healthy, bool Ready, bool Killing, long Order);

    public sealed record Decision(IReadOnlyList<string> Kill, int Launch, bool Done);

    public static (int MinHealthy, int MaxCapacity) Bounds(int n, double minimumHealthCapacity, double maximumOverCapacity)
    {
        var minHealthy = (int)Math.Ceiling(n * minimumHealthCapacity - 1e-9);
        var maxCapacity = (int)Math.Floor(n * (1 + maximumOverCapacity) + 1e-9);
        if (n > 0 && minHealthy >= maxCapacity) maxCapacity = minHealthy + 1;
        return (minHealthy, maxCapacity);
    }

    public static Decision Decide(int n, double minimumHealthCapacity, double maximumOverCapacity,
        IReadOnlyList<Instance> oldInstances, IReadOnlyList<Instance> newInstances)
    {
        var (minHealthy, maxCapacity) = Bounds(n, minimumHealthCapacity, maximumOverCapacity);
        var newLive = newInstances.Where(i => !i.Killing).ToList();
        var newHealthyReady = newLive.Count(i => i.Healthy && i.Ready);
        var kill = new List<string>();

        var oldLive = oldInstances.Where(i => !i.Killing).ToList();
        var keepOld = Math.Max(0, minHealthy - newHealthyReady);
        kill.AddRange(oldLive.OrderBy(i => i.Healthy).ThenBy(i => i.Order).Take(Math.Max(0, oldLive.Count - keepOld)).Select(i => i.Id));

        // Surplus new instances (left by a cancelled, bigger plan) go too, unhealthy first.
        if (newLive.Count > n)
            kill.AddRange(newLive.OrderBy(i => i.Healthy && i.Ready).ThenBy(i => i.Order).Take(newLive.Count - n).Select(i => i.Id));

        var oldHolding = oldInstances.Count; // killed ones hold capacity until confirmed dead
        var newCount = Math.Min(newLive.Count, n);
        var launch = Math.Max(0, Math.Min(n - newCount, maxCapacity - oldHolding - newInstances.Count));
        var done = oldInstances.Count == 0 && newLive.Count == n && newHealthyReady == n && newInstances.All(i => !i.Killing);
        return new Decision(kill, launch, done);
    }
}

using System.Text.Json;

namespace Delivery.Engine;

/// <summary>What <c>Status</c> shows for one pipeline: releases and health per zone, the run in flight, the lease.</summary>
public sealed record PipelineStatusView(
    string Pipeline,
    string Environment,
    string? StableRelease,
    string? StableImage,
    int StableInstances,
    string? CanaryRelease,
    int CanaryInstances,
    IReadOnlyList<ZoneStatusView> Zones,
    string Phase,
    string? InFlight,
    string? Reason,
    string? LockHolder,
    string? LockDetail,
    IReadOnlyList<string> History,
    LastRunView? LastRun)
{
    /// <summary>Whether this pipeline is in <paramref name="condition"/> (<c>Status --fail-if</c>).</summary>
    public bool Is(StatusCondition condition) => condition switch
    {
        StatusCondition.InFlight => InFlight is not null,
        StatusCondition.Paused => Phase == "Paused",
        // Fewer healthy stable instances than it should run, no stable at all, or a canary in flight with unhealthy tasks.
        StatusCondition.Unhealthy => StableRelease is null || Zones.Sum(z => z.StableHealthy) < StableInstances
                                     || (CanaryRelease is not null && Zones.Sum(z => z.CanaryHealthy) < Zones.Sum(z => z.CanaryTotal)),
        _ => false,
    };

    public static string Json(IReadOnlyList<PipelineStatusView> views) => JsonSerializer.Serialize(views, RunReport.Json);

    /// <summary>Lines for people, one block per pipeline.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"{Pipeline} ({Environment}): stable {StableRelease ?? "none"} x{StableInstances}" +
                     (CanaryRelease is null ? "" : $", canary {CanaryRelease} x{CanaryInstances}") + $"; run: {Phase}" +
                     (InFlight is null ? "" : $" ({InFlight})");
        foreach (var zone in Zones)
            yield return $"  {zone.Zone,-14} stable {zone.StableHealthy}/{zone.StableTotal} healthy" +
                         (CanaryRelease is null ? "" : $", canary {zone.CanaryHealthy}/{zone.CanaryTotal} healthy");
        if (Reason is not null) yield return $"  reason: {Reason}";
        yield return LockHolder is null ? "  lock: free" : $"  lock: held by {LockHolder} ({LockDetail})";
        if (LastRun is not null) yield return $"  last run: {LastRun.Kind} {LastRun.Outcome} at {LastRun.FinishedAt:u}: {LastRun.Reason}";
    }
}

public sealed record ZoneStatusView(string Zone, int StableHealthy, int StableTotal, int CanaryHealthy, int CanaryTotal);

public sealed record LastRunView(string RunId, string Kind, string Outcome, string? Reason, DateTimeOffset FinishedAt);

/// <summary>What <c>Status --fail-if</c> can test.</summary>
public enum StatusCondition { InFlight, Paused, Unhealthy }

public static class StatusConditions
{
    public static string Describe(this StatusCondition condition) => condition switch
    {
        StatusCondition.InFlight => "in flight",
        StatusCondition.Paused => "paused",
        _ => "unhealthy",
    };
}

namespace Lobby.Faults;

/// <summary>Turns the fault plan into per-request decisions; the clock and the dice are injectable for tests.</summary>
public sealed class FaultInjector(FaultPlan plan, TimeProvider time)
{
    private readonly long _startedAt = time.GetTimestamp();

    public FaultPlan Plan => plan;

    public bool ShouldFail() => plan.ErrorRate > 0 && Random.Shared.NextDouble() < plan.ErrorRate;

    public TimeSpan ExtraLatency => TimeSpan.FromMilliseconds(Math.Max(0, plan.ExtraLatencyMs));

    public bool IsHealthy() =>
        plan.UnhealthyAfterSeconds is not { } seconds || time.GetElapsedTime(_startedAt) < TimeSpan.FromSeconds(seconds);
}

namespace Delivery.Core.Canary;

/// <summary>Instance counts for one canary weight, with the numbers behind them.</summary>
/// <param name="CanaryPerZone">Canary instances in each zone (the canary app is spread evenly by a zone constraint).</param>
/// <param name="CanaryInstances">The canary app's size: <c>CanaryPerZone × zones</c>.</param>
/// <param name="StableGoal">Stable's size once the canary is grown and healthy.</param>
/// <param name="StableTarget">Stable's size allowed now, given how many canaries are healthy.</param>
/// <param name="MinimumHealthy">Healthy instances (stable + canary) that must remain.</param>
public sealed record CapacityPlan(int CanaryPerZone, int CanaryInstances, int StableGoal, int StableTarget, int MinimumHealthy)
{
    /// <summary>Stable is held above its goal until enough canaries are healthy.</summary>
    public bool HoldingCapacity => StableTarget > StableGoal;
}

/// <summary>
/// Turns a canary weight into instance counts per zone, keeping healthy capacity at or above the pipeline's minimum.
/// With stable size N over k zones, weight w %, minimum fraction f and h canaries healthy now:
/// <code>
///   canary per zone  c = max(instancesPerZone, ceil(w·N / (100·k)))     every zone gets the same share
///   canary total     C = c·k
///   stable goal      G = N − min(C, floor(w·N / 100))                     down by the canary count, but never below
///                                                                           its own (100 − w) % share, which per-zone
///                                                                           rounding could otherwise eat into
///   minimum healthy  M = ceil(f·N)
///   stable target    T = min(N, max(G, M − h))                            stable only gives up what healthy canaries replace
/// </code>
/// Worked example, N = 9 over k = 3 zones, 1 per zone, w = 50, f = 1.0: c = max(1, ceil(1.5)) = 2, C = 6,
/// G = 9 − min(6, 4) = 5, M = 9. With h = 0 healthy canaries T = 9 (stable untouched); h = 2 → T = 7;
/// h = 4 → T = 5; h = 6 → T = 5. With f = 0.8: M = 8, so h = 0 → T = 8 and h = 2 → T = 6.
/// The same rows are pinned in <c>CapacityCalculatorTests</c>.
/// </summary>
public static class CapacityCalculator
{
    public static CapacityPlan ForWeight(
        int weight, int stableSize, int zones, int instancesPerZone, double minimumHealthy, int canaryHealthy)
    {
        if (zones <= 0) throw new ArgumentOutOfRangeException(nameof(zones), zones, "A canary needs at least one zone.");
        if (weight is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(weight), weight, "A weight is a percentage, 0 to 100.");
        var perZone = Math.Max(instancesPerZone, CeilDiv(weight * stableSize, 100 * zones));
        var canary = perZone * zones;
        var goal = stableSize - Math.Min(canary, weight * stableSize / 100);
        var minimum = MinimumHealthy(minimumHealthy, stableSize);
        var target = Math.Min(stableSize, Math.Max(goal, minimum - canaryHealthy));
        return new CapacityPlan(perZone, canary, goal, target, minimum);
    }

    /// <summary><c>ceil(f·N)</c>, rounded first so that 0.9 × 10 is 9 and not 10 (0.9 × 10 = 9.000000000000002 in binary).</summary>
    public static int MinimumHealthy(double fraction, int stableSize) =>
        (int)Math.Ceiling(Math.Round(fraction * stableSize, 6));

    private static int CeilDiv(int numerator, int denominator) => (numerator + denominator - 1) / denominator;
}

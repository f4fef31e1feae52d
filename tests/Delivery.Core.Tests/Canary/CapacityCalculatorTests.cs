using Delivery.Core.Canary;

namespace Delivery.Core.Tests.Canary;

/// <summary>The rows of the worked example in <see cref="CapacityCalculator"/>'s doc comment, and the edges around it.</summary>
public class CapacityCalculatorTests
{
    [Theory]
    // N, k, per zone, w %, f,   healthy canaries → canary per zone, canary total, stable goal, stable target, minimum
    [InlineData(9, 3, 1, 50, 1.0, 0, 2, 6, 5, 9, 9)]
    [InlineData(9, 3, 1, 50, 1.0, 2, 2, 6, 5, 7, 9)]
    [InlineData(9, 3, 1, 50, 1.0, 4, 2, 6, 5, 5, 9)]
    [InlineData(9, 3, 1, 50, 1.0, 6, 2, 6, 5, 5, 9)]
    [InlineData(9, 3, 1, 50, 0.8, 0, 2, 6, 5, 8, 8)]
    [InlineData(9, 3, 1, 50, 0.8, 2, 2, 6, 5, 6, 8)]
    // Small weights never go below the placed instances per zone, and stable gives up only its weight's share.
    [InlineData(10, 3, 1, 20, 1.0, 3, 1, 3, 8, 8, 10)]
    [InlineData(9, 3, 2, 10, 1.0, 6, 2, 6, 9, 9, 9)]
    // Fewer stable instances than zones: one canary per zone, stable keeps its half.
    [InlineData(2, 3, 1, 50, 1.0, 3, 1, 3, 1, 1, 2)]
    // Large service: an even share per zone.
    [InlineData(30, 3, 1, 50, 1.0, 15, 5, 15, 15, 15, 30)]
    // 0.9 × 10 is 9, not 10 (binary rounding).
    [InlineData(10, 2, 1, 50, 0.9, 5, 3, 6, 5, 5, 9)]
    public void ForWeight_WorkedExamples_KeepHealthyCapacityAtOrAboveMinimum(
        int stableSize, int zones, int perZone, int weight, double minimum, int canaryHealthy,
        int canaryPerZone, int canaryInstances, int stableGoal, int stableTarget, int minimumHealthy)
    {
        var plan = CapacityCalculator.ForWeight(weight, stableSize, zones, perZone, minimum, canaryHealthy);

        Assert.Equal(new CapacityPlan(canaryPerZone, canaryInstances, stableGoal, stableTarget, minimumHealthy), plan);
        Assert.True(Math.Min(plan.StableTarget, stableSize) + canaryHealthy >= Math.Min(plan.MinimumHealthy, stableSize + canaryHealthy));
    }

    [Fact]
    public void ForWeight_NoZones_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityCalculator.ForWeight(50, 9, 0, 1, 1.0, 0));
    }

    [Theory]
    [InlineData(0.9, 10, 9)]
    [InlineData(1.0, 9, 9)]
    [InlineData(0.5, 3, 2)]
    [InlineData(0.33, 3, 1)]
    public void MinimumHealthy_Fraction_RoundsUpAfterRemovingBinaryNoise(double fraction, int size, int expected)
    {
        Assert.Equal(expected, CapacityCalculator.MinimumHealthy(fraction, size));
    }
}

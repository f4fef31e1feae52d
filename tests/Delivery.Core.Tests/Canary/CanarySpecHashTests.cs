using Delivery.Core.Canary;

namespace Delivery.Core.Tests.Canary;

public class CanarySpecHashTests
{
    private static readonly CanaryPolicy Plan = new() { Steps = [new PlaceStep(), new GrowStep(50), new PromoteStep()] };

    [Fact]
    public void Of_SameSteps_SameShortHash()
    {
        var copy = new CanaryPolicy { Steps = [new PlaceStep(), new GrowStep(50), new PromoteStep()] };

        Assert.Equal(CanarySpecHash.Of(Plan), CanarySpecHash.Of(copy));
        Assert.Matches("^[0-9a-f]{12}$", CanarySpecHash.Of(Plan));
    }

    [Fact]
    public void Of_ThresholdsChanged_SameHashBecauseStepIndexStillMeansTheSameStep()
    {
        var tuned = Plan with { PromotionDeadline = TimeSpan.FromMinutes(30), MinimumHealthyCapacity = 0.8 };

        Assert.Equal(CanarySpecHash.Of(Plan), CanarySpecHash.Of(tuned));
    }

    public static TheoryData<CanaryPolicy> Edits() =>
    [
        Plan with { Steps = [new PlaceStep(), new GrowStep(60), new PromoteStep()] },
        Plan with { Steps = [new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(1)), new GrowStep(50), new PromoteStep()] },
        Plan with { InstancesPerZone = 2 },
    ];

    [Theory]
    [MemberData(nameof(Edits))]
    public void Of_StepsOrPlacementEdited_DifferentHash(CanaryPolicy edited)
    {
        Assert.NotEqual(CanarySpecHash.Of(Plan), CanarySpecHash.Of(edited));
    }
}

using Delivery.Core.Gates;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Gates;

public class ZoneJudgeTests
{
    private static Measurement Measure(GatePhase phase) =>
        new("health", A, phase, $"{phase}", GateNumbers.None, T0);

    [Theory]
    [InlineData(GatePhase.Passed, GatePhase.Passed, ZoneOutcome.Passed)]
    [InlineData(GatePhase.Passed, GatePhase.Failed, ZoneOutcome.Passed)]
    [InlineData(GatePhase.Pending, GatePhase.Passed, ZoneOutcome.Pending)]
    [InlineData(GatePhase.Pending, GatePhase.Failed, ZoneOutcome.Pending)]
    [InlineData(GatePhase.Failed, GatePhase.Passed, ZoneOutcome.ReleaseFailure)]
    [InlineData(GatePhase.Failed, GatePhase.Failed, ZoneOutcome.ZoneFailure)]
    [InlineData(GatePhase.Error, GatePhase.Passed, ZoneOutcome.Inconclusive)]
    [InlineData(GatePhase.Inconclusive, GatePhase.Passed, ZoneOutcome.Inconclusive)]
    public void Judge_CanaryAndStable_CombineIntoOneVerdict(GatePhase canary, GatePhase stable, ZoneOutcome expected)
    {
        var verdict = ZoneJudge.Judge(Measure(canary), Measure(stable), reported: true);

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(A, verdict.Zone);
    }

    [Fact]
    public void Judge_NothingReportedForZone_Inconclusive()
    {
        var verdict = ZoneJudge.Judge(Measure(GatePhase.Failed), Measure(GatePhase.Failed), reported: false);

        Assert.Equal(ZoneOutcome.Inconclusive, verdict.Outcome);
        Assert.Equal(GatePhase.Inconclusive, verdict.Canary.Phase);
        Assert.Contains("no task facts", verdict.Message);
    }

    [Fact]
    public void Judge_ZoneFailure_MessageNamesBothTracks()
    {
        var verdict = ZoneJudge.Judge(Measure(GatePhase.Failed) with { Message = "canary bad" },
            Measure(GatePhase.Failed) with { Message = "stable bad" }, reported: true);

        Assert.Equal("canary bad; stable bad", verdict.Message);
    }
}

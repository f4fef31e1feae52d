using Delivery.Core.Analysis;
using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Tests.Analysis;

public sealed class MetricJudgeTests
{
    private static readonly Zone A = new("us-east-1a");
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly PromSelector Requests = new("lobby_http_requests_total", []);
    private static readonly ErrorRateCheck Errors = new("error-rate", Requests, Requests.With(new PromMatcher("code", "=~", "5.."))) { Limit = 0.05, MaxRatio = 3, MaxIncrease = 0.01 };
    private static readonly LatencyCheck Latency = new("p99-latency", new PromSelector("lobby_http_request_duration_seconds_bucket", []), 0.99)
        { Limit = TimeSpan.FromMilliseconds(250), MaxRatio = 2, MaxIncrease = 0.01 };
    private static readonly AnalysisPolicy Policy = new()
    {
        Interval = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromMinutes(5), MinimumRequests = 100, Checks = [Errors, Latency],
    };

    private static CountedNumbers Counted(Measurement measurement) => Assert.IsType<CountedNumbers>(measurement.Numbers);

    private static Measurement JudgeOne(AnalysisCheck check, ZoneReading zone, TimeSpan after) =>
        MetricJudge.Judge(Policy, check, Reading(check, zone, after), [A], 1, Start).Single();

    private static MetricReading Reading(AnalysisCheck check, ZoneReading zone, TimeSpan after) =>
        new(check.Name, Start + after, Policy.Interval, after, ["q"], new Dictionary<Zone, ZoneReading> { [A] = zone });

    private static ZoneReading Counts((double n, double x) canaryWindow, (double n, double x) canaryTotal, (double n, double x) stableWindow, (double n, double x) stableTotal) =>
        new(new TrackReading(new CountSample(canaryWindow.n, canaryWindow.x), new CountSample(canaryTotal.n, canaryTotal.x)),
            new TrackReading(new CountSample(stableWindow.n, stableWindow.x), new CountSample(stableTotal.n, stableTotal.x)));

    [Fact]
    public void Errors_ThirtyPercentInTheFirstInterval_FailsTheHardLimit()
    {
        var m = JudgeOne(Errors, Counts((51, 15), (51, 15), (98, 0), (98, 0)), TimeSpan.FromSeconds(10));
        Assert.Equal(GatePhase.Failed, m.Phase);
        Assert.Contains("15 of 51", m.Message);
        Assert.Contains("5% limit", m.Message);
        Assert.Equal(15.0 / 51, Counted(m).Canary!.Value, 9);
        Assert.Equal(0.05, Counted(m).Limit);
    }

    [Fact]
    public void Errors_BothTracksOverTheLimit_IsAZoneProblemNotAFailure()
    {
        var m = JudgeOne(Errors, Counts((51, 15), (51, 15), (100, 30), (100, 30)), TimeSpan.FromSeconds(10));
        Assert.NotEqual(GatePhase.Failed, m.Phase);
    }

    [Fact]
    public void Errors_TwoOfTwentyInOneInterval_IsNoEvidenceOfAFivePercentLimit()
    {
        var m = JudgeOne(Errors, Counts((20, 2), (20, 2), (40, 0), (40, 0)), TimeSpan.FromSeconds(10));
        Assert.Equal(GatePhase.Pending, m.Phase);
        Assert.Contains("needs 100 requests", m.Message);
    }

    [Fact]
    public void Errors_SameRateOnBothTracksWithEnoughTraffic_Passes()
    {
        var m = JudgeOne(Errors, Counts((60, 0), (900, 1), (120, 0), (1800, 2)), TimeSpan.FromSeconds(90));
        Assert.Equal(GatePhase.Passed, m.Phase);
        Assert.True(Counted(m).Comparison!.Upper <= 0.01);
        Assert.Contains("within the 1 point tolerance", m.Message);
    }

    [Fact]
    public void Errors_ThreePointsWorseOverManyRequests_FailsSequentially()
    {
        var m = JudgeOne(Errors, Counts((100, 4), (6000, 240), (200, 2), (12000, 120)), TimeSpan.FromMinutes(3));
        Assert.Equal(GatePhase.Failed, m.Phase);
        Assert.True(Counted(m).Comparison!.Lower > 0);
        Assert.Contains("worse by 3 points", m.Message);
    }

    [Fact]
    public void Errors_CanaryWithoutTrafficPastTheDeadline_IsInconclusiveNamingTheZone()
    {
        var m = JudgeOne(Errors, Counts((0, 0), (3, 0), (200, 0), (6000, 0)), TimeSpan.FromMinutes(5));
        Assert.Equal(GatePhase.Inconclusive, m.Phase);
        Assert.Equal("error-rate: canary in us-east-1a received 3 requests in 5m (needs 100 to be judged)", m.Message);
    }

    [Fact]
    public void Errors_ReadingFailed_IsAnError()
    {
        var reading = MetricReading.Failed("error-rate", Start, ["q"], "connection refused");
        var m = MetricJudge.Judge(Policy, Errors, reading, [A], 1, Start).Single();
        Assert.Equal(GatePhase.Error, m.Phase);
        Assert.Contains("connection refused", m.Message);
    }

    private static HistogramSample Histogram(double total, double fast, double slow400)
    {
        // le: 5ms, 10ms, 25ms, 50ms, 100ms, 250ms, 500ms, +Inf; "fast" requests under 10 ms, the rest around 410 ms.
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, double.PositiveInfinity];
        return new HistogramSample(bounds.Select(le => new HistogramBucket(le, le < 0.01 ? fast / 2 : le < 0.5 ? fast : total)).ToList());
    }

    [Fact]
    public void Latency_FourHundredMillisecondsSlower_FailsTheHardLimit()
    {
        var canary = new TrackReading(Histogram(50, 0, 50), Histogram(50, 0, 50));
        var stable = new TrackReading(Histogram(100, 100, 0), Histogram(100, 100, 0));
        var m = JudgeOne(Latency, new ZoneReading(canary, stable), TimeSpan.FromSeconds(10));
        Assert.Equal(GatePhase.Failed, m.Phase);
        Assert.Contains("250 ms limit", m.Message);
    }

    [Fact]
    public void Latency_SameDistribution_Passes()
    {
        var canary = new TrackReading(Histogram(60, 60, 0), Histogram(800, 800, 0));
        var stable = new TrackReading(Histogram(120, 120, 0), Histogram(1600, 1600, 0));
        var m = JudgeOne(Latency, new ZoneReading(canary, stable), TimeSpan.FromMinutes(2));
        Assert.Equal(GatePhase.Passed, m.Phase);
        Assert.Equal(0.01, Counted(m).Bound);
    }

    [Fact]
    public void Query_ValueOverThreshold_Fails_AndNoValueWaitsThenIsInconclusive()
    {
        var check = new QueryCheck("queue-depth", "max by (zone, track) (lobby_queue{ {{matchers}} })", 10, Comparison.LessOrEqual);
        ZoneReading Values(double? canary) => new(
            new TrackReading(canary is { } c ? new ValueSample(c) : MetricSample.None, MetricSample.None),
            new TrackReading(new ValueSample(2), MetricSample.None));
        Assert.Equal(GatePhase.Failed, JudgeOne(check, Values(12), TimeSpan.FromSeconds(10)).Phase);
        Assert.Equal(GatePhase.Passed, JudgeOne(check, Values(3), TimeSpan.FromSeconds(10)).Phase);
        Assert.Equal(GatePhase.Pending, JudgeOne(check, Values(null), TimeSpan.FromSeconds(10)).Phase);
        Assert.Equal(GatePhase.Inconclusive, JudgeOne(check, Values(null), TimeSpan.FromMinutes(6)).Phase);
    }

    // Reports chart these numbers by name and the journal stores them: the typed records print the names in the
    // order the judge has always written them.
    [Fact]
    public void Numbers_ByName_KeepTheNamesReportsPrint()
    {
        var errors = JudgeOne(Errors, Counts((60, 0), (900, 1), (120, 0), (1800, 2)), TimeSpan.FromSeconds(90)).Numbers.ByName();
        var query = JudgeOne(new QueryCheck("queue-depth", "q", 10, Comparison.LessOrEqual) { MaxRatio = 2 },
            new ZoneReading(new TrackReading(new ValueSample(3), MetricSample.None), new TrackReading(new ValueSample(2), MetricSample.None)),
            TimeSpan.FromSeconds(10)).Numbers.ByName();

        Assert.Equal(["canaryRequests", "stableRequests", "canaryTotalRequests", "stableTotalRequests", "canary", "stable", "canaryTotal",
            "stableTotal", "limit", "ratioLimit", "difference", "lower", "upper", "tolerance", "alpha"], errors.Keys);
        Assert.Equal(["limit", "canary", "stable", "ratioLimit"], query.Keys);
    }

    [Fact]
    public void Alpha_IsSplitOverZonesAndChecks()
    {
        Assert.Equal(0.01 / 6, Policy.AlphaPerComparison(3), 12);
    }
}

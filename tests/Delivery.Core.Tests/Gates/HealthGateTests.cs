using Delivery.Core.Canary;
using Delivery.Core.Gates;
using static Delivery.Core.Tests.Canary.CanaryWorld;

namespace Delivery.Core.Tests.Gates;

public class HealthGateTests
{
    private static readonly HealthGatePolicy Policy = new()
    {
        HealthyDeadline = TimeSpan.FromMinutes(5), CrashLoopRestarts = 2, CrashLoopWindow = TimeSpan.FromMinutes(5),
        MaxConsecutiveHealthFailures = 3,
    };

    private static Measurement Canary(ZoneTasks tasks, int expected, DateTimeOffset now, HealthCheckTiming? timing = null) =>
        HealthGate.Canary(Policy, A, tasks, expected, timing ?? Timing, T0, now);

    private static CanaryHealthNumbers Health(Measurement measurement) => Assert.IsType<CanaryHealthNumbers>(measurement.Numbers);

    [Fact]
    public void Canary_AllExpectedHealthy_Passed()
    {
        var result = Canary(Tasks(healthy: 2), expected: 2, T0.AddSeconds(30));

        Assert.Equal(GatePhase.Passed, result.Phase);
        Assert.Equal(2, Health(result).Healthy);
        Assert.Equal(2, Health(result).Expected);
        Assert.Equal(A, result.Zone);
    }

    [Fact]
    public void Canary_StartingWithinGrace_Pending()
    {
        var result = Canary(Tasks(healthy: 0, unhealthy: 1, started: T0), expected: 1, T0.AddSeconds(25));

        Assert.Equal(GatePhase.Pending, result.Phase);
    }

    // Grace 30 s, interval 10 s: a task never healthy is failing once more than 40 s have passed since it started.
    [Theory]
    [InlineData(39, GatePhase.Pending)]
    [InlineData(40, GatePhase.Pending)]
    [InlineData(41, GatePhase.Failed)]
    public void Canary_NeverHealthyAroundOneIntervalAfterGrace_FailsJustAfter(int seconds, GatePhase expected)
    {
        var result = Canary(Tasks(healthy: 0, unhealthy: 1, started: T0), expected: 1, T0.AddSeconds(seconds));

        Assert.Equal(expected, result.Phase);
    }

    [Fact]
    public void Canary_NoHealthCheck_NeverHealthyRuleDoesNotApply()
    {
        var result = HealthGate.Canary(Policy, A, Tasks(0, unhealthy: 1), 1, null, T0, T0.AddMinutes(2));

        Assert.Equal(GatePhase.Pending, result.Phase);
    }

    // Limit 2 failures within 5 minutes: the third in the window is a crash loop; -400 is 400 s ago, outside it.
    [Theory]
    [InlineData(new[] { 10, 20 }, GatePhase.Passed)]
    [InlineData(new[] { 10, 20, 30 }, GatePhase.Failed)]
    [InlineData(new[] { -400, 20, 30 }, GatePhase.Passed)]
    public void Canary_FailuresInWindow_CrashLoopOverTheLimit(int[] secondsAgo, GatePhase expected)
    {
        var now = T0.AddMinutes(10);
        var failures = secondsAgo.Select(s => now.AddSeconds(-Math.Abs(s))).ToList();
        var result = Canary(Tasks(healthy: 1, failures: failures), expected: 1, now);

        Assert.Equal(expected, result.Phase);
        Assert.Equal(secondsAgo.Count(s => s > 0), Health(result).Failures);
    }

    [Theory]
    [InlineData(2, GatePhase.Pending)]
    [InlineData(3, GatePhase.Failed)]
    public void Canary_ConsecutiveHealthFailures_FailsAtTheLimit(int streak, GatePhase expected)
    {
        var tasks = new ZoneTasks([new TaskFact("t1", TaskState.Running, T0, false, streak, T0.AddSeconds(5))], []);

        var result = Canary(tasks, expected: 1, T0.AddSeconds(60));

        Assert.Equal(expected, result.Phase);
        Assert.Equal(streak, Health(result).WorstStreak);
    }

    [Fact]
    public void Canary_StagedPastTheDeadline_Failed()
    {
        var staged = new ZoneTasks([new TaskFact("t1", TaskState.Staged, null, false)], []);

        var result = Canary(staged, expected: 1, T0.AddMinutes(5).AddSeconds(1));

        Assert.Equal(GatePhase.Failed, result.Phase);
        Assert.Equal(1, Health(result).Staged);
        Assert.Contains("after 5m", result.Message);
    }

    [Theory]
    [InlineData(3, 3, GatePhase.Passed)]
    [InlineData(2, 3, GatePhase.Passed)]
    [InlineData(1, 3, GatePhase.Failed)]
    [InlineData(0, 0, GatePhase.Passed)]
    public void Stable_FewerThanHalfHealthy_Failed(int healthy, int expected, GatePhase phase)
    {
        var result = HealthGate.Stable(Policy, A, Tasks(healthy), expected, T0);

        Assert.Equal(phase, result.Phase);
    }

    [Fact]
    public void Stable_CrashLooping_Failed()
    {
        var now = T0.AddMinutes(1);
        var result = HealthGate.Stable(Policy, A, Tasks(3, failures: [now, now.AddSeconds(-1), now.AddSeconds(-2)]), 3, now);

        Assert.Equal(GatePhase.Failed, result.Phase);
    }

    // Reports and the journal print the numbers by these names, in this order: the typed record must not change them.
    [Fact]
    public void Numbers_ByName_KeepTheNamesReportsPrint()
    {
        var canary = Canary(Tasks(healthy: 1), expected: 2, T0.AddSeconds(30)).Numbers.ByName();
        var stable = HealthGate.Stable(Policy, A, Tasks(3), 3, T0).Numbers.ByName();

        Assert.Equal(["expected", "healthy", "running", "staged", "failures", "failureLimit", "windowSeconds", "worstStreak", "elapsedSeconds", "deadlineSeconds"], canary.Keys);
        Assert.Equal(30, canary["elapsedSeconds"]);
        Assert.Equal(300, canary["deadlineSeconds"]);
        Assert.Equal(["expected", "healthy", "failures", "failureLimit"], stable.Keys);
    }
}

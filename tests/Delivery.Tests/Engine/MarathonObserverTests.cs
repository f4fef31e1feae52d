using Delivery.Core.Canary;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Marathon;

namespace Delivery.Tests.Engine;

/// <summary>Marathon keeps an app's health checks and a task's results as sets: nothing may depend on their order.</summary>
public sealed class MarathonObserverTests
{
    private static readonly Zone ZoneA = new("us-east-1a");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static MarathonHealthCheck Check(int grace, int interval, int failures) =>
        new() { Protocol = "HTTP", GracePeriodSeconds = grace, IntervalSeconds = interval, MaxConsecutiveFailures = failures };

    private static MarathonApp App(IEnumerable<MarathonHealthCheck> checks, params MarathonHealthCheckResult[] results) => new()
    {
        Id = "/lobby", Instances = 1, HealthChecks = checks.ToList(),
        Tasks = [new MarathonTask { Id = "t1", State = "TASK_RUNNING", Zone = ZoneA.Name, StartedAt = Now, HealthCheckResults = [.. results] }],
    };

    private static ObservedApp View(MarathonApp app) => MarathonObserver.View(app, [ZoneA], new TaskFailureLog(Now))!;

    [Fact]
    public void View_TwoChecks_HealthyOnlyWhenBothReportedAlive()
    {
        MarathonHealthCheck[] checks = [Check(10, 5, 3), Check(300, 60, 1)];

        Assert.Equal(0, View(App(checks, new MarathonHealthCheckResult { Alive = true })).Healthy);
        Assert.Equal(1, View(App(checks, new MarathonHealthCheckResult { Alive = true }, new MarathonHealthCheckResult { Alive = true })).Healthy);
        Assert.Equal(0, View(App(checks, new MarathonHealthCheckResult { Alive = true }, new MarathonHealthCheckResult { Alive = false })).Healthy);
    }

    [Fact]
    public void View_ChecksInEitherOrder_SameTiming_TheMostLenient()
    {
        MarathonHealthCheck[] checks = [Check(10, 5, 3), Check(300, 60, 1)];

        var forward = View(App(checks)).HealthCheck;
        var reversed = View(App(checks.Reverse())).HealthCheck;

        Assert.Equal(forward, reversed);
        Assert.Equal(new HealthCheckTiming(TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(60), 3), forward);
    }
}

using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Deployments;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class RollingUpgradeTests
{
    // n, min, max → minHealthy, maxCapacity (§4.3; {1,0} gets one instance of over-capacity)
    [Theory]
    [InlineData(4, 1.0, 1.0, 4, 8)]
    [InlineData(4, 0.5, 0.0, 2, 4)]
    [InlineData(3, 1.0, 0.0, 3, 4)]
    [InlineData(10, 0.9, 0.0, 9, 10)]
    [InlineData(2, 0.0, 0.0, 0, 2)]
    [InlineData(3, 0.5, 0.5, 2, 4)]
    public void Bounds_Strategy_MatchesMarathonArithmetic(int n, double min, double max, int minHealthy, int maxCapacity)
    {
        Assert.Equal((minHealthy, maxCapacity), RollingUpgrade.Bounds(n, min, max));
    }

    private static RollingUpgrade.Instance Old(string id, bool healthy = true) => new(id, healthy, true, false, 0);
    private static RollingUpgrade.Instance New(string id, bool healthy) => new(id, healthy, healthy, false, 0);

    [Fact]
    public void Decide_HalfCapacityNoOverCapacity_KillsHalfAndWaitsForTheirEnd()
    {
        var decision = RollingUpgrade.Decide(4, 0.5, 0, [Old("a"), Old("b"), Old("c"), Old("d")], []);
        Assert.Equal(2, decision.Kill.Count);
        Assert.Equal(0, decision.Launch);
        Assert.False(decision.Done);
    }

    [Fact]
    public void Decide_HalfCapacityAfterKills_LaunchesIntoFreedCapacity()
    {
        var decision = RollingUpgrade.Decide(4, 0.5, 0, [Old("a"), Old("b")], []);
        Assert.Empty(decision.Kill);
        Assert.Equal(2, decision.Launch);
    }

    [Fact]
    public void Decide_UnhealthyOldInstance_IsKilledBeforeHealthyOnes()
    {
        var decision = RollingUpgrade.Decide(3, 1, 1, [Old("a"), Old("sick", healthy: false), Old("c")], [New("n1", true)]);
        Assert.Equal(["sick"], decision.Kill);
    }

    [Fact]
    public void Decide_OneNewHealthy_LetsOneOldGo()
    {
        var decision = RollingUpgrade.Decide(3, 1, 0, [Old("a"), Old("b"), Old("c")], [New("n1", true)]);
        Assert.Single(decision.Kill);
        Assert.Equal(0, decision.Launch);
    }

    [Fact]
    public void Decide_AllNewHealthyNoOld_IsDone()
    {
        var decision = RollingUpgrade.Decide(2, 1, 1, [], [New("n1", true), New("n2", true)]);
        Assert.True(decision.Done);
        Assert.Empty(decision.Kill);
        Assert.Equal(0, decision.Launch);
    }

    [Fact]
    public void Decide_NewNotHealthy_NeverDoneAndKeepsOld()
    {
        var decision = RollingUpgrade.Decide(2, 1, 1, [Old("a"), Old("b")], [New("n1", false), New("n2", false)]);
        Assert.False(decision.Done);
        Assert.Empty(decision.Kill);
    }

    // Sequence of (old, new) task counts seen after each reconcile pass while upgrading a healthy app.
    public static TheoryData<int, double, double, string> Upgrades => new()
    {
        { 3, 1.0, 1.0, "3/0 3/3 0/3" },
        { 4, 0.5, 0.0, "4/0 2/0 2/2 0/2 0/4" },
        { 3, 1.0, 0.0, "3/0 3/1 2/1 2/2 1/2 1/3 0/3" },
        { 2, 0.0, 0.0, "2/0 0/0 0/2" },
        { 4, 0.5, 0.5, "4/0 2/2 2/4 0/4" },
    };

    [Theory]
    [MemberData(nameof(Upgrades))]
    public async Task Put_ConfigChange_RollsTasksAccordingToUpgradeStrategy(int n, double min, double max, string expected)
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/games/lobby", n);
        app["healthChecks"] = new JsonArray(new JsonObject { ["protocol"] = "HTTP", ["intervalSeconds"] = 1, ["gracePeriodSeconds"] = 5 });
        app["upgradeStrategy"] = new JsonObject { ["minimumHealthCapacity"] = min, ["maximumOverCapacity"] = max };
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(3));
        Assert.Empty(await host.DeploymentsAsync());

        await host.PutAsync("/v2/apps/games/lobby", new JsonObject { ["cmd"] = "sleep 2000" });
        var version = (await host.AppAsync("/games/lobby"))["version"]!.GetValue<string>();
        var (minHealthy, maxCapacity) = RollingUpgrade.Bounds(n, min, max);
        var seen = new List<string>();
        for (var step = 0; step < 40 && (await host.DeploymentsAsync()).Count > 0; step++)
        {
            var tasks = host.Tasks("/games/lobby");
            var state = $"{tasks.Count(t => t.Version != version)}/{tasks.Count(t => t.Version == version)}";
            if (seen.LastOrDefault() != state) seen.Add(state);
            Assert.True(tasks.Count <= maxCapacity, $"{tasks.Count} tasks exceed the capacity {maxCapacity} at {state}");
            Assert.True(tasks.Count(t => t.IsHealthy()) >= minHealthy, $"healthy capacity below {minHealthy} at {state}");
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await host.Scheduler.ReconcileAsync(maxPasses: 1);
        }
        var final = host.Tasks("/games/lobby");
        seen.Add($"{final.Count(t => t.Version != version)}/{final.Count(t => t.Version == version)}");
        Assert.Equal(expected, string.Join(' ', seen.Distinct()));
        Assert.Empty(await host.DeploymentsAsync());
    }

    [Fact]
    public async Task Put_KillSelectionOldestFirst_ScalesDownOldestTasks()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/a", 1);
        app["killSelection"] = "OLDEST_FIRST";
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));
        var oldest = host.Tasks("/a").Single().Id;
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 3 });
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 2 });
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(oldest, host.Tasks("/a").Select(t => t.Id));
        Assert.Equal(2, host.Tasks("/a").Count);
    }

    [Fact]
    public async Task Put_ScaleDownDefaultKillSelection_KillsYoungestTasks()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));
        var oldest = host.Tasks("/a").Single().Id;
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 3 });
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 1 });
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal([oldest], host.Tasks("/a").Select(t => t.Id));
    }
}

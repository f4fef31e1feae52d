using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

/// <summary>Zone failures, task crashes and bounded API faults; lose-answer lives in FaultTests.LoseAnswer.cs.</summary>
public sealed partial class FaultTests
{
    [Fact]
    // Marathon: tasks of a lost agent run on in its view until the master times the agent out, then TASK_UNREACHABLE and
    // the unreachableStrategy (default 0 s / 0 s: replaced and expunged at once) applies.
    public async Task FailZone_TasksRunUntilTheAgentTimeout_ThenUnreachableAndReplaced_RestoreMakesItUsableAgain()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/spread", 3);
        app["constraints"] = new JsonArray(new JsonArray("@zone", "GROUP_BY"));
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        var inZoneA = host.Tasks("/spread").Single(t => t.Agent.Zone == "us-east-1a").Id;
        using var events = new EventRecorder(host, "status_update_event");

        var (response, body) = await host.PostAsync("/_sandbox/marathon/zones/us-east-1a/fail", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, body!["tasks"]!.GetValue<int>());
        await host.AdvanceAsync(TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(5));
        Assert.Contains(host.Tasks("/spread"), t => t.Id == inZoneA && t.IsRunning); // the master still waits for the agent
        Assert.Empty(events.Drain());

        await host.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        Assert.Contains(events.Drain(), e => e["taskId"]!.GetValue<string>() == inZoneA && e["taskStatus"]!.GetValue<string>() == "TASK_UNREACHABLE");
        Assert.Null((await host.AppAsync("/spread"))["lastTaskFailure"]); // unreachable is not a task failure
        var tasks = host.Tasks("/spread");
        Assert.Equal(3, tasks.Count(t => t.IsActive));
        Assert.DoesNotContain(tasks, t => t.Agent.Zone == "us-east-1a");

        await host.PostAsync("/_sandbox/marathon/zones/us-east-1a/restore", null);
        await host.CreateAppAsync(MarathonHost.App("/after", 3));
        await host.ReconcileAsync();
        Assert.Contains(host.Tasks("/after"), t => t.Agent.Zone == "us-east-1a");
    }

    [Fact]
    public async Task FailZone_HealthChecksTimeOutWhileTheAgentIsAwaited_NoKill()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/checked", 1);
        app["constraints"] = new JsonArray(new JsonArray("@zone", "IS", "us-east-1a"));
        app["healthChecks"] = new JsonArray(new JsonObject { ["intervalSeconds"] = 5, ["gracePeriodSeconds"] = 0, ["maxConsecutiveFailures"] = 3 });
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(1));
        var task = host.Tasks("/checked").Single();

        await host.PostAsync("/_sandbox/marathon/zones/us-east-1a/fail", null);
        await host.AdvanceAsync(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(1));

        var result = (await host.AppAsync("/checked"))["tasks"]![0]!["healthCheckResults"]![0]!;
        Assert.False(result["alive"]!.GetValue<bool>());
        Assert.Contains("timed out", result["lastFailureCause"]!.GetValue<string>());
        Assert.True(result["consecutiveFailures"]!.GetValue<int>() > 3);
        Assert.Equal(task.Id, host.Tasks("/checked").Single().Id); // not killed: the kill could not reach the agent
    }

    // Marathon: state/UnreachableStrategy.scala; an unreachable instance within inactiveAfterSeconds still counts.
    [Fact]
    public async Task FailZone_UnreachableStrategyWaits_ReplacedOnlyAfterInactiveAfterSeconds_BackInTimeRunsAgain()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/patient", 1);
        app["constraints"] = new JsonArray(new JsonArray("@zone", "IS", "us-east-1a"));
        app["unreachableStrategy"] = new JsonObject { ["inactiveAfterSeconds"] = 60, ["expungeAfterSeconds"] = 120 };
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        var task = host.Tasks("/patient").Single();

        await host.PostAsync("/_sandbox/marathon/zones/us-east-1a/fail", null);
        await host.AdvanceAsync(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(5)); // unreachable at 75, inactive from 135
        Assert.Equal("TASK_UNREACHABLE", Assert.Single(host.Tasks("/patient")).State);

        await host.PostAsync("/_sandbox/marathon/zones/us-east-1a/restore", null);
        await host.ReconcileAsync();
        Assert.Equal(task.Id, Assert.Single(host.Tasks("/patient")).Id);
        Assert.True(task.IsRunning);
    }

    [Fact]
    public async Task FailZone_PinnedApp_WaitsInQueueInsteadOfFailing()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/pinned", 1);
        app["constraints"] = new JsonArray(new JsonArray("@zone", "IS", "us-east-1b"));
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        await host.PostAsync("/_sandbox/marathon/zones/us-east-1b/fail", null);
        await host.AdvanceAsync(TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(5)); // past the agent timeout: expunged
        Assert.Empty(host.Tasks("/pinned"));
        Assert.Equal(1, (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!["count"]!.GetValue<int>());
        await host.PostAsync("/_sandbox/marathon/zones/us-east-1b/restore", null);
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("us-east-1b", host.Tasks("/pinned").Single().Agent.Zone);
    }

    [Fact]
    public async Task FailZone_Unknown_Answers404()
    {
        await using var host = MarathonHost.Start();
        var (response, _) = await host.PostAsync("/_sandbox/marathon/zones/mars-1a/fail", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CrashTask_RecordsFailureAndReplacesTask()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        var task = host.Tasks("/a").Single().Id;
        var (response, _) = await host.PostAsync($"/_sandbox/marathon/tasks/{task}/crash", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(host.Runtime.IsRunning(task));
        Assert.Equal(task, (await host.AppAsync("/a"))["lastTaskFailure"]!["taskId"]!.GetValue<string>());
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.NotEqual(task, host.Tasks("/a").Single().Id);
    }

    [Fact]
    public async Task ApiFault_Status503ForCount_AnswersThatManyThenRecovers()
    {
        await using var host = MarathonHost.Start();
        var (added, rule) = await host.PostAsync("/_sandbox/marathon/api-faults", new JsonObject { ["kind"] = "status", ["status"] = 503, ["count"] = 2 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.GetAsync("/v2/apps")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.GetAsync("/v2/apps")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/v2/apps")).Response.StatusCode);
        Assert.Empty((await host.GetAsync("/_sandbox/marathon/api-faults")).Body!["faults"]!.AsArray());
        Assert.NotNull(rule!["id"]);
    }

    [Fact]
    public async Task ApiFault_Fraction_HitsAboutThatShareAndClearStopsIt()
    {
        await using var host = MarathonHost.Start();
        await host.PostAsync("/_sandbox/marathon/api-faults", new JsonObject { ["kind"] = "status", ["fraction"] = 0.3, ["durationSeconds"] = 60 });
        var failures = 0;
        for (var i = 0; i < 200; i++)
            if ((await host.GetAsync("/v2/info")).Response.StatusCode == HttpStatusCode.ServiceUnavailable) failures++;
        Assert.InRange(failures, 30, 90);
        await host.DeleteAsync("/_sandbox/marathon/api-faults");
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/v2/info")).Response.StatusCode);
    }

    [Fact]
    public async Task ApiFault_Duration_ExpiresWithTime()
    {
        await using var host = MarathonHost.Start();
        await host.PostAsync("/_sandbox/marathon/api-faults", new JsonObject { ["kind"] = "status", ["durationSeconds"] = 30 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.GetAsync("/v2/apps")).Response.StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/v2/apps")).Response.StatusCode);
    }

    /// <summary>Over a real socket, as Delivery's Marathon client meets it: no status, a broken connection.</summary>
    [Fact]
    public async Task ApiFault_Drop_ClientSeesABrokenConnectionNotAStatus()
    {
        await using var marathon = await RealHttpMarathon.StartAsync();
        var http = marathon.Client;
        var rule = new JsonObject { ["kind"] = "drop", ["count"] = 1 };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/_sandbox/marathon/api-faults", Json(rule))).StatusCode);

        var dropped = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v2/apps"));
        Assert.IsAssignableFrom<IOException>(dropped.InnerException);
        Assert.Null(dropped.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/apps")).StatusCode);
    }

    [Fact]
    public async Task ApiFault_Delay_AnswersOnlyAfterTheDelay()
    {
        await using var host = MarathonHost.Start();
        await host.PostAsync("/_sandbox/marathon/api-faults", new JsonObject { ["kind"] = "delay", ["delayMs"] = 2000, ["count"] = 1 });
        var pending = host.Client.GetAsync("/v2/apps");
        await WaitUntilHeldAsync(host, 1);
        host.Time.Advance(TimeSpan.FromMilliseconds(1999));
        await Task.WhenAny(pending, Task.Delay(100));
        Assert.False(pending.IsCompleted, "the request was answered before its delay had passed on the emulator's clock");
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await pending.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Fact]
    public async Task ApiFault_RandomDelay_AnswersBetweenDelayAndMaxDelay()
    {
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { RandomSeed = 7 });
        await host.PostAsync("/_sandbox/marathon/api-faults",
            new JsonObject { ["kind"] = "delay", ["delayMs"] = 1000, ["maxDelayMs"] = 3000, ["count"] = 1 });
        var pending = host.Client.GetAsync("/v2/apps");
        await WaitUntilHeldAsync(host, 1);
        host.Time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.WhenAny(pending, Task.Delay(100));
        Assert.False(pending.IsCompleted, "the request was answered before delayMs had passed on the emulator's clock");
        host.Time.Advance(TimeSpan.FromMilliseconds(2001));
        Assert.Equal(HttpStatusCode.OK, (await pending.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(0, (await host.GetAsync("/_sandbox/marathon/api-faults")).Body!["held"]!.GetValue<int>());
    }

    /// <summary>
    /// The delay's timer exists on the fake clock only once the request reached the fault middleware; moving the
    /// clock before that would leave the request asleep for good.
    /// </summary>
    private static async Task WaitUntilHeldAsync(MarathonHost host, int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await host.GetAsync("/_sandbox/marathon/api-faults")).Body!["held"]!.GetValue<int>() < count)
        {
            if (limit.IsCancellationRequested) Assert.Fail($"no request was held by the delay fault within 10 s (expected {count})");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ApiFault_Unbounded_IsRefusedWith422()
    {
        await using var host = MarathonHost.Start();
        var (response, _) = await host.PostAsync("/_sandbox/marathon/api-faults", new JsonObject { ["kind"] = "status" });
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"delay","delayMs":2000,"maxDelayMs":1000,"count":1}""", "/maxDelayMs")]
    [InlineData("""{"kind":"delay","maxDelayMs":1000,"count":1}""", "/maxDelayMs")] // delayMs defaults to 2000
    [InlineData("""{"kind":"delay","delayMs":1000,"maxDelayMs":60001,"count":1}""", "/maxDelayMs")]
    [InlineData("""{"kind":"delay","delayMs":-1,"count":1}""", "/delayMs")]
    [InlineData("""{"kind":"explode","count":1}""", "/kind")]
    [InlineData("""{"kind":"lose-answer"}""", "/")]
    public async Task ApiFault_InvalidRule_IsRefusedWith422NamingTheField(string rule, string path)
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/_sandbox/marathon/api-faults", rule);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("Object is not valid", body!["message"]!.GetValue<string>());
        Assert.Equal(path, Assert.Single(body["details"]!.AsArray())!["path"]!.GetValue<string>());
        Assert.Empty((await host.GetAsync("/_sandbox/marathon/api-faults")).Body!["faults"]!.AsArray());
    }

    [Fact]
    public async Task ApiFault_MaxDelay_IsAcceptedAndListed()
    {
        await using var host = MarathonHost.Start();
        var (response, rule) = await host.PostAsync("/_sandbox/marathon/api-faults",
            new JsonObject { ["kind"] = "delay", ["delayMs"] = 1000, ["maxDelayMs"] = 60000, ["durationSeconds"] = 60 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(60000, rule!["maxDelayMs"]!.GetValue<double>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class HealthTests
{
    private static JsonObject Checked(string id, int maxFailures = 3, int grace = 0, string protocol = "HTTP")
    {
        var app = MarathonHost.App(id, 1);
        app["healthChecks"] = new JsonArray(new JsonObject
        {
            ["protocol"] = protocol, ["intervalSeconds"] = 10, ["gracePeriodSeconds"] = grace, ["maxConsecutiveFailures"] = maxFailures,
        });
        return app;
    }

    [Fact]
    // Marathon: core/health/impl/HealthCheckActor.scala tests the streak before the new result.
    public async Task HealthCheck_MaxThree_StreakOfThreeStaysVisible_FourthFailureKillsAndReplaces()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.UnhealthyAfter(1));
        using var events = new EventRecorder(host, "unhealthy_instance_kill_event", "failed_health_check_event", "health_status_changed_event");
        await host.CreateAppAsync(Checked("/a"));
        await host.ReconcileAsync();
        var first = host.Tasks("/a").Single();

        await host.AdvanceAsync(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(1)); // probes at 0 (ok), 10, 20 (fail)
        Assert.Equal(first.Id, host.Tasks("/a").Single().Id);
        Assert.Equal(2, first.Health[0].ConsecutiveFailures);

        await host.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)); // third failure at 30: still there
        Assert.Equal(first.Id, host.Tasks("/a").Single().Id);
        Assert.Equal(3, first.Health[0].ConsecutiveFailures);

        await host.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)); // fourth failure at 40: killed, relaunched
        var replacement = host.Tasks("/a").Single();
        Assert.NotEqual(first.Id, replacement.Id);
        var seen = events.Drain();
        var kill = seen.Single(e => e["eventType"]!.GetValue<string>() == "unhealthy_instance_kill_event");
        Assert.Equal(first.Id, kill["taskId"]!.GetValue<string>());
        Assert.Equal(first.InstanceId, kill["instanceId"]!.GetValue<string>());
        Assert.Equal(4, seen.Count(e => e["eventType"]!.GetValue<string>() == "failed_health_check_event"));
        Assert.Equal([true, false], seen.Where(e => e["eventType"]!.GetValue<string>() == "health_status_changed_event"
                && e["instanceId"]!.GetValue<string>() == first.InstanceId)
            .Select(e => e["alive"]!.GetValue<bool>()));
    }

    // Marathon: core/health/impl/HealthCheckActor.scala probes every task of an app version on one Tick per interval.
    [Fact]
    public async Task HealthCheck_TaskStartingBetweenTicks_FirstProbedAtTheAppsNextTick()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.Healthy with { StartDelay = TimeSpan.FromSeconds(3) });
        await host.CreateAppAsync(Checked("/a")); // ticks at 0, 10, 20, …
        await host.AdvanceAsync(TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(1));

        var task = host.Tasks("/a").Single();
        Assert.True(task.IsRunning); // since 3 s
        Assert.False(task.Health[0].HasResult);
        await host.AdvanceAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        Assert.True(task.Health[0].HasResult);
        Assert.Equal(task.StartedAt + TimeSpan.FromSeconds(7), task.Health[0].LastSuccess); // running at 3, probed at the tick at 10
    }

    // Marathon: core/health/impl/MarathonHealthCheckManager.scala (reconcile adds the checks of every active version,
    // removes those of an older version without tasks; deleting the app removes the rest).
    [Fact]
    public async Task HealthCheckEvents_AddedPerActiveVersion_RemovedWhenItsTasksAreGoneAndWithTheApp()
    {
        await using var host = MarathonHost.Start();
        using var events = new EventRecorder(host, "add_health_check_event", "remove_health_check_event");
        var created = await host.CreateAppAsync(Checked("/a"));
        await host.AdvanceAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
        var (_, updated) = await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "sleep 2000" });
        await host.AdvanceAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1)); // the new task is healthy, the old one goes
        await host.DeleteAsync("/v2/apps/a");
        await host.ReconcileAsync();

        var seen = events.Drain().Select(e => (e["eventType"]!.GetValue<string>(), e["version"]?.GetValue<string>())).ToList();
        Assert.Equal([
            ("add_health_check_event", created["version"]!.GetValue<string>()),
            ("add_health_check_event", updated!["version"]!.GetValue<string>()),
            ("remove_health_check_event", null),
            ("remove_health_check_event", null),
        ], seen);
    }

    [Fact]
    public async Task HealthCheck_MaxConsecutiveFailuresZero_NeverKillsAndCountsUnhealthy()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.Unhealthy);
        await host.CreateAppAsync(Checked("/a", maxFailures: 0, protocol: "TCP"));
        await host.ReconcileAsync();
        var task = host.Tasks("/a").Single().Id;
        await host.AdvanceAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5));
        Assert.Equal(task, host.Tasks("/a").Single().Id);
        var app = await host.AppAsync("/a");
        Assert.Equal(0, app["tasksHealthy"]!.GetValue<int>());
        Assert.Equal(1, app["tasksUnhealthy"]!.GetValue<int>());
        var result = app["tasks"]![0]!["healthCheckResults"]![0]!;
        Assert.False(result["alive"]!.GetValue<bool>());
        Assert.Equal(task.Split("._app")[0], result["instanceId"]!.GetValue<string>());
        Assert.Equal("500 Internal Server Error", result["lastFailureCause"]!.GetValue<string>());
    }

    [Fact]
    public async Task HealthCheck_IgnoredAnswers_NeitherPassNorFail_TheHealthBeforeStays()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(Checked("/a"));
        await host.ReconcileAsync();
        var task = host.Tasks("/a").Single();
        await host.AdvanceAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)); // healthy at 0
        host.Runtime.ScriptTask(task.Id, new TaskScript { Health = ScriptedHealth.Informational });

        await host.AdvanceAsync(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1)); // six ignored answers

        var result = (await host.AppAsync("/a"))["tasks"]![0]!["healthCheckResults"]![0]!;
        Assert.True(result["alive"]!.GetValue<bool>());
        Assert.Equal(0, result["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal(task.Id, host.Tasks("/a").Single().Id);
    }

    [Fact]
    public async Task HealthCheck_MesosLevelWithZeroMaxFailures_KillsOnFirstFailure()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.Unhealthy);
        await host.CreateAppAsync(Checked("/a", maxFailures: 0, protocol: "MESOS_HTTP"));
        await host.ReconcileAsync();
        var first = host.Runtime.Launches.First().TaskId;
        Assert.DoesNotContain(first, host.Tasks("/a").Select(t => t.Id)); // killed by its first failing probe
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        // A kill does not delay the next launch (NotifyRateLimiterStepImpl.scala limits FAILED, ERROR, DROPPED, GONE and
        // FINISHED only): relaunched in the next pass of each second, and killed again by its own first failing probe.
        Assert.Equal(4, host.Runtime.Launches.Count);
        Assert.Equal(0, host.Runtime.RunningCount);
    }

    [Fact]
    public async Task HealthCheck_FailuresInGracePeriod_AreIgnoredUntilItEnds()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.HealthyAfter(3));
        await host.CreateAppAsync(Checked("/a", maxFailures: 1, grace: 60));
        await host.AdvanceAsync(TimeSpan.FromSeconds(25)); // three failing probes, all inside the grace period
        var app = await host.AppAsync("/a");
        Assert.Equal(0, app["tasksHealthy"]!.GetValue<int>());
        Assert.Equal(0, app["tasksUnhealthy"]!.GetValue<int>());
        Assert.Null(app["tasks"]![0]!["healthCheckResults"]);
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        app = await host.AppAsync("/a");
        Assert.Equal(1, app["tasksHealthy"]!.GetValue<int>());
        Assert.Equal(1, app["tasksRunning"]!.GetValue<int>());
    }

    [Fact]
    public async Task Counts_AppWithoutHealthChecks_ReportsNeitherHealthyNorUnhealthy()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 2));
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        var app = await host.AppAsync("/a");
        Assert.Equal(2, app["tasksRunning"]!.GetValue<int>());
        Assert.Equal(0, app["tasksHealthy"]!.GetValue<int>());
        Assert.Equal(0, app["tasksUnhealthy"]!.GetValue<int>());
    }

    [Fact]
    public async Task HealthCheck_SlowAnswerBeyondTimeout_CountsAsFailure()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.Healthy with { ProbeDelay = TimeSpan.FromSeconds(30) });
        var app = Checked("/a", maxFailures: 0);
        app["healthChecks"]![0]!["timeoutSeconds"] = 5;
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(8));
        var result = (await host.AppAsync("/a"))["tasks"]![0]!["healthCheckResults"]![0]!;
        Assert.False(result["alive"]!.GetValue<bool>());
        Assert.Contains("timed out", result["lastFailureCause"]!.GetValue<string>());
    }

    // Marathon: core/deployment/impl/ReadinessBehavior.scala starts readiness checks on TASK_RUNNING.
    [Fact]
    public async Task Readiness_ProbedFromRunning_BeforeHealthChecksPass()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/readiness-and-health-app", TaskScript.HealthyAfter(100) with { NotReadyProbes = 1 });
        await host.CreateAppAsync(Fixtures.Json("22-readiness-and-health-app.json").AsObject());
        await host.AdvanceAsync(TimeSpan.FromSeconds(3));

        // Probed at 0 (503) and 2 (ready) while every health probe fails: the deployment waits for health alone.
        var readiness = (await host.DeploymentsAsync()).Single()!["currentActions"]![0]!["readinessCheckResults"]![0]!;
        Assert.True(readiness["ready"]!.GetValue<bool>());
        Assert.Equal(0, (await host.AppAsync("/readiness-and-health-app"))["tasksHealthy"]!.GetValue<int>());
    }

    // Marathon: ReadinessBehavior.scala keeps an instance in its healthy set until the instance ends.
    [Fact]
    public async Task Deployment_InstanceHealthyOnceThenFailing_StillCountsAndTheDeploymentFinishes()
    {
        await using var host = MarathonHost.Start();
        var launches = 0;
        host.Runtime.Script(_ => ++launches == 1 ? TaskScript.UnhealthyAfter(1) : TaskScript.Healthy with { StartDelay = TimeSpan.FromSeconds(15) });
        var app = Checked("/a", maxFailures: 0);
        app["instances"] = 2;
        await host.CreateAppAsync(app);

        await host.AdvanceAsync(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(1)); // first: healthy at 0, failing from 10
        Assert.Equal(1, (await host.AppAsync("/a"))["tasksUnhealthy"]!.GetValue<int>());
        await host.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)); // second: running at 15, healthy

        Assert.Empty(await host.DeploymentsAsync());
    }

    [Fact]
    public async Task Readiness_Fixture22_DeploymentFinishesOnlyWhenNewTaskIsReady()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/readiness-and-health-app", TaskScript.Healthy with { NotReadyProbes = 3 });
        var app = Fixtures.Json("22-readiness-and-health-app.json").AsObject();
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(3));

        var deployment = (await host.DeploymentsAsync()).Single()!;
        var readiness = deployment["currentActions"]![0]!["readinessCheckResults"]![0]!;
        Assert.False(readiness["ready"]!.GetValue<bool>());
        Assert.Equal("readiness", readiness["name"]!.GetValue<string>());
        Assert.Equal(503, readiness["lastResponse"]!["status"]!.GetValue<int>());
        var embedded = (await host.GetAsync("/v2/apps/readiness-and-health-app?embed=app.readiness")).Body!["app"]!;
        Assert.Single(embedded["readinessCheckResults"]!.AsArray());

        await host.AdvanceAsync(TimeSpan.FromSeconds(8));
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Equal(1, (await host.AppAsync("/readiness-and-health-app"))["tasksHealthy"]!.GetValue<int>());
    }

    [Fact]
    public async Task Backoff_TaskCrashingOnStart_RelaunchesWithGrowingCappedDelay()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.CrashingOnStart);
        var app = MarathonHost.App("/a", 1);
        app["backoffSeconds"] = 10;
        app["backoffFactor"] = 2;
        app["maxLaunchDelaySeconds"] = 40;
        await host.CreateAppAsync(app);

        var launchTimes = new List<int>();
        for (var second = 0; second <= 115; second++)
        {
            var before = host.Runtime.Launches.Count;
            await host.ReconcileAsync();
            if (host.Runtime.Launches.Count > before) launchTimes.Add(second);
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal([0, 10, 30, 70, 110], launchTimes);
        var failure = (await host.AppAsync("/a"))["lastTaskFailure"]!;
        Assert.Equal("TASK_FAILED", failure["state"]!.GetValue<string>());
        Assert.Contains("exited with code 1", failure["message"]!.GetValue<string>());
        var queued = (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!;
        Assert.Equal(1, queued["count"]!.GetValue<int>());
        Assert.True(queued["delay"]!["timeLeftSeconds"]!.GetValue<long>() > 0);
    }

    // Marathon: core/launchqueue/LaunchStats.scala (whole seconds, overdue once a second past) and
    // api/v2/QueueResource.scala resetDelay (204, or 404 when nothing of the app is waiting).
    [Fact]
    public async Task Queue_DelayInWholeSeconds_DeleteDelayRelaunchesAtOnce_404WhenNotQueued()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.CrashingOnStart);
        var app = MarathonHost.App("/a", 1);
        app["backoffSeconds"] = 30;
        await host.CreateAppAsync(app);
        await host.ReconcileAsync(); // launched, crashed: delayed 30 s
        await host.ReconcileAsync();
        host.Time.Advance(TimeSpan.FromSeconds(10.6));

        var delay = (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!["delay"]!;
        Assert.Equal("19", delay["timeLeftSeconds"]!.ToJsonString());
        Assert.False(delay["overdue"]!.GetValue<bool>());

        var launches = host.Runtime.Launches.Count;
        var (reset, _) = await host.DeleteAsync("/v2/queue/a/delay");
        await host.ReconcileAsync();
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(launches + 1, host.Runtime.Launches.Count);

        var (missing, body) = await host.DeleteAsync("/v2/queue/nothing/delay");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Application /nothing not found in tasks queue.", body!["message"]!.GetValue<string>());
    }

    // Marathon: core/launchqueue/impl/RateLimiter.scala (advanceDelay on RUNNING, cleanUpOverdueDelays after
    // maxLaunchDelaySeconds without either).
    [Fact]
    public async Task Backoff_AppUpForItsMaxLaunchDelay_StartsAgainFromBackoffSeconds()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.Healthy with { CrashAfter = TimeSpan.FromSeconds(100) });
        var app = MarathonHost.App("/a", 1);
        app["backoffSeconds"] = 5;
        app["backoffFactor"] = 2;
        app["maxLaunchDelaySeconds"] = 60;
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();

        await host.AdvanceAsync(TimeSpan.FromSeconds(100)); // fails after 100 s: delay 5 s
        Assert.Empty(host.Tasks("/a"));
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Single(host.Tasks("/a")); // relaunched after 5 s, runs: the delay counts from now
        await host.AdvanceAsync(TimeSpan.FromSeconds(100)); // up 100 s > 60 s: the delay is dropped; fails again: 5 s, not 10 s
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Single(host.Tasks("/a"));
        Assert.Equal("TASK_FAILED", (await host.AppAsync("/a"))["lastTaskFailure"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Backoff_TaskExitingAfterRunning_IsReplacedAfterDelay()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/a", TaskScript.Healthy with { CrashAfter = TimeSpan.FromSeconds(30) });
        using var events = new EventRecorder(host, "status_update_event");
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        var first = host.Tasks("/a").Single().Id;
        await host.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(events.Drain(), e => e["taskId"]!.GetValue<string>() == first && e["taskStatus"]!.GetValue<string>() == "TASK_FAILED");
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.NotEqual(first, host.Tasks("/a").Single().Id);
    }
}

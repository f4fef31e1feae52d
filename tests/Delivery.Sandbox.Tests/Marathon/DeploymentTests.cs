using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class DeploymentTests
{
    /// <summary>An app whose tasks never turn healthy keeps its deployment running forever (Marathon never fails one).</summary>
    private static async Task<string> StuckApp(MarathonHost host, string id = "/a")
    {
        host.Runtime.Script(id, TaskScript.Unhealthy);
        var app = MarathonHost.App(id, 2);
        app["healthChecks"] = new JsonArray(new JsonObject { ["intervalSeconds"] = 1, ["gracePeriodSeconds"] = 1, ["maxConsecutiveFailures"] = 0 });
        var created = await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        return created["deployments"]![0]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Deployment_UnhealthyTasks_StaysListedAndNeverFails()
    {
        await using var host = MarathonHost.Start();
        var id = await StuckApp(host);
        await host.AdvanceAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
        var deployment = (await host.DeploymentsAsync()).Single()!;
        Assert.Equal(id, deployment["id"]!.GetValue<string>());
        Assert.Equal(2, deployment["currentStep"]!.GetValue<int>());
        Assert.Equal(2, deployment["totalSteps"]!.GetValue<int>());
        Assert.Equal(["StartApplication", "ScaleApplication"],
            deployment["steps"]!.AsArray().Select(s => s!["actions"]![0]!["action"]!.GetValue<string>()));
        Assert.Equal("/a", deployment["currentActions"]![0]!["app"]!.GetValue<string>());
        Assert.Equal(2, (await host.AppAsync("/a"))["tasksUnhealthy"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_LockedApp_Answers409LikeFixture10UnlessForced()
    {
        await using var host = MarathonHost.Start();
        var holder = await StuckApp(host);
        using var events = new EventRecorder(host, "deployment_failed");

        var (locked, body) = await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "sleep 2" });
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        var expected = Fixtures.Json("10-error-409-app-locked.json").AsObject();
        expected["deployments"]![0]!["id"] = holder;
        Assert.True(JsonNode.DeepEquals(expected, body), body!.ToJsonString());
        Assert.Single(events.Drain()); // the refused plan

        var (restart, _) = await host.PostAsync("/v2/apps/a/restart", null);
        Assert.Equal(HttpStatusCode.Conflict, restart.StatusCode);
        Assert.Single(events.Drain());

        var (forced, result) = await host.PutAsync("/v2/apps/a?force=true", new JsonObject { ["cmd"] = "sleep 2" });
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        var failed = events.Drain().Single();
        Assert.Equal(holder, failed["id"]!.GetValue<string>());
        Assert.Equal(result!["deploymentId"]!.GetValue<string>(), (await host.DeploymentsAsync()).Single()!["id"]!.GetValue<string>());
    }

    // Marathon: upgrade/GroupVersioningUtil.scala keeps an unchanged app's versionInfo; core/deployment/DeploymentPlan.scala
    // finds conflicts by the apps the steps act on, and an unchanged app gives no step.
    [Fact]
    public async Task Put_UnchangedDefinitionOfLockedApp_EmptyPlan200NewVersion_CancelsNothing()
    {
        await using var host = MarathonHost.Start();
        var holder = await StuckApp(host);
        var before = await host.AppAsync("/a");
        using var events = new EventRecorder(host, "deployment_failed", "deployment_success");

        var same = MarathonHost.App("/a", 2);
        same["healthChecks"] = new JsonArray(new JsonObject { ["intervalSeconds"] = 1, ["gracePeriodSeconds"] = 1, ["maxConsecutiveFailures"] = 0 });
        var (response, result) = await host.PutAsync("/v2/apps/a", same);
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before["version"]!.GetValue<string>(), result!["version"]!.GetValue<string>());
        Assert.NotEqual(holder, result["deploymentId"]!.GetValue<string>());
        Assert.Equal(holder, (await host.DeploymentsAsync()).Single()!["id"]!.GetValue<string>());
        var after = await host.AppAsync("/a");
        Assert.Equal(before["version"]!.GetValue<string>(), after["version"]!.GetValue<string>());
        var seen = events.Drain();
        Assert.Equal(result["deploymentId"]!.GetValue<string>(), Assert.Single(seen)["id"]!.GetValue<string>());
        Assert.Equal("deployment_success", seen[0]["eventType"]!.GetValue<string>());
    }

    // Marathon: core/deployment/impl/DeploymentPlanReverter.scala restores the definition, and the root update gives it the
    // revert's version (upgrade/GroupVersioningUtil.scala), so every task is replaced.
    [Fact]
    public async Task DeleteDeployment_WithoutForce_RevertsToPreviousDefinitionAsForcedDeployment()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script(l => l.Cmd == "bad" ? TaskScript.Unhealthy : null);
        var app = MarathonHost.App("/a", 2, "good");
        app["healthChecks"] = new JsonArray(new JsonObject { ["intervalSeconds"] = 1, ["gracePeriodSeconds"] = 1, ["maxConsecutiveFailures"] = 0 });
        var created = await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(3));
        var goodTasks = host.Tasks("/a").Select(t => t.Id).OrderBy(x => x).ToList();

        var (_, update) = await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "bad" });
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, host.Tasks("/a").Count); // {1,1}: new ones started beside the old, never healthy
        using var events = new EventRecorder(host, "deployment_failed", "deployment_success");

        var (response, revert) = await host.DeleteAsync($"/v2/deployments/{update!["deploymentId"]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var revertId = revert!["deploymentId"]!.GetValue<string>();
        Assert.Equal(revertId, response.Headers.GetValues("Marathon-Deployment-Id").Single());
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));

        var reverted = await host.AppAsync("/a");
        Assert.Equal("good", reverted["cmd"]!.GetValue<string>());
        Assert.Equal(revert["version"]!.GetValue<string>(), reverted["version"]!.GetValue<string>());
        Assert.NotEqual(created["version"]!.GetValue<string>(), reverted["version"]!.GetValue<string>());
        var tasks = host.Tasks("/a");
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(reverted["version"]!.GetValue<string>(), t.Version));
        Assert.Empty(goodTasks.Intersect(tasks.Select(t => t.Id)));
        Assert.Empty(await host.DeploymentsAsync());
        var seen = events.Drain().Select(e => (e["eventType"]!.GetValue<string>(), e["id"]!.GetValue<string>())).ToList();
        Assert.Contains(("deployment_failed", update["deploymentId"]!.GetValue<string>()), seen);
        Assert.Contains(("deployment_success", revertId), seen);
    }

    [Fact]
    public async Task DeleteDeployment_Force_CancelsOnlyWith202AndKeepsTargetDefinition()
    {
        await using var host = MarathonHost.Start();
        var id = await StuckApp(host);
        var response = await host.Client.DeleteAsync($"/v2/deployments/{id}?force=true");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Equal(2, (await host.AppAsync("/a"))["instances"]!.GetValue<int>());
        Assert.Equal(2, host.Tasks("/a").Count);
    }

    [Fact]
    public async Task DeleteApp_LockedWithForceFalse_Answers409ButDefaultForces()
    {
        await using var host = MarathonHost.Start();
        var holder = await StuckApp(host);
        var (refused, body) = await host.DeleteAsync("/v2/apps/a?force=false");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(holder, body!["deployments"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await host.DeleteAsync("/v2/apps/a")).Response.StatusCode);
    }

    [Fact]
    public async Task Put_ScaleDownUnhealthyApp_FinishesOnceSurplusIsGone()
    {
        await using var host = MarathonHost.Start();
        await StuckApp(host);
        await host.DeleteAsync($"/v2/deployments/{(await host.DeploymentsAsync())[0]!["id"]}?force=true");
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 1 });
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Single(host.Tasks("/a"));
    }

    [Fact]
    public async Task Put_ScaleUpUnhealthyApp_WaitsForTheNewInstances()
    {
        await using var host = MarathonHost.Start();
        await StuckApp(host);
        await host.DeleteAsync($"/v2/deployments/{(await host.DeploymentsAsync())[0]!["id"]}?force=true");
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 3 });
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, host.Tasks("/a").Count);
        Assert.Single(await host.DeploymentsAsync());
    }

    // Marathon: core/group/impl/GroupManagerImpl.scala publishes the group change once the plan is accepted, or its failure.
    [Fact]
    public async Task GroupChange_AcceptedAndRefusedChanges_AnnouncedWithTheAppsGroup()
    {
        await using var host = MarathonHost.Start();
        using var events = new EventRecorder(host, "group_change_success", "group_change_failed");
        await StuckApp(host, "/games/a");

        var (locked, _) = await host.PutAsync("/v2/apps/games/a", new JsonObject { ["cmd"] = "sleep 2" });

        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        var seen = events.Drain();
        Assert.Equal(["group_change_success", "group_change_failed"], seen.Select(e => e["eventType"]!.GetValue<string>()));
        Assert.All(seen, e => Assert.Equal("/games", e["groupId"]!.GetValue<string>()));
        Assert.StartsWith("App is locked", seen[1]["reason"]!.GetValue<string>());
    }

    // Marathon: core/deployment/DeploymentPlan.scala plans ScaleApplication for an app scaled to zero.
    [Fact]
    public async Task Put_ConfigChangeToZeroInstances_IsAScaleStep()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 2));
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        using var events = new EventRecorder(host, "deployment_info");

        await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "other", ["instances"] = 0 });
        await host.ReconcileAsync();

        var info = Assert.Single(events.Drain());
        Assert.Equal("ScaleApplication", info["currentStep"]!["actions"]![0]!["action"]!.GetValue<string>());
        Assert.Empty(host.Tasks("/a"));
    }

    [Fact]
    public async Task DeleteDeployment_Unknown_Answers404()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.DeleteAsync("/v2/deployments/97c136bf-5a28-4821-9d94-480d9fbb01c8");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("DeploymentPlan 97c136bf-5a28-4821-9d94-480d9fbb01c8 does not exist", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_NoChange_ReturnsDeploymentThatFinishesAtOnce()
    {
        await using var host = MarathonHost.Start();
        var created = await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        var (response, body) = await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "sleep 1000" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body!["deploymentId"]);
        Assert.Equal(created["version"]!.GetValue<string>(), (await host.AppAsync("/a"))["version"]!.GetValue<string>());
        await host.ReconcileAsync();
        Assert.Empty(await host.DeploymentsAsync());
    }

    [Fact]
    public async Task Deployment_Events_FollowStepsInOrder()
    {
        await using var host = MarathonHost.Start();
        using var events = new EventRecorder(host, "deployment_info", "deployment_step_success", "deployment_success");
        var created = await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        var seen = events.Drain();
        Assert.Equal(["deployment_info", "deployment_step_success", "deployment_info", "deployment_step_success", "deployment_success"],
            seen.Select(e => e["eventType"]!.GetValue<string>()));
        Assert.Equal(created["deployments"]![0]!["id"]!.GetValue<string>(), seen[^1]["id"]!.GetValue<string>());
        Assert.Equal("StartApplication", seen[0]["currentStep"]!["actions"]![0]!["action"]!.GetValue<string>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class TasksApiTests
{
    [Fact]
    public async Task KillTask_WithoutScale_ReturnsTaskAndReplacesIt()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 2));
        await host.ReconcileAsync();
        var victim = host.Tasks("/a")[0].Id;
        var (response, body) = await host.DeleteAsync($"/v2/apps/a/tasks/{victim}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(victim, body!["task"]!["id"]!.GetValue<string>());
        await host.ReconcileAsync();
        Assert.Equal(2, host.Tasks("/a").Count);
        Assert.DoesNotContain(victim, host.Tasks("/a").Select(t => t.Id));
    }

    [Fact]
    public async Task KillTasks_WithScale_LowersInstancesAndAnswersDeploymentResult()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 3));
        await host.ReconcileAsync();
        var host1 = host.Tasks("/a")[0].Agent.Hostname;
        var (response, body) = await host.DeleteAsync($"/v2/apps/a/tasks?host={host1}&scale=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body!["deploymentId"]);
        await host.ReconcileAsync();
        var app = await host.AppAsync("/a");
        Assert.Equal(2, app["instances"]!.GetValue<int>());
        Assert.Equal(2, host.Tasks("/a").Count);
        Assert.DoesNotContain(host.Tasks("/a"), t => t.Agent.Hostname == host1);
    }

    [Fact]
    public async Task KillTask_Unknown_Answers404()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        var (response, body) = await host.DeleteAsync("/v2/apps/a/tasks/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Task 'nope' does not exist", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TasksDelete_ByIds_KillsThoseAndRejectsUnknownIds()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 2));
        await host.ReconcileAsync();
        var ids = host.Tasks("/a").Select(t => t.Id).ToList();
        var (bad, error) = await host.PostAsync("/v2/tasks/delete", new JsonObject { ["ids"] = new JsonArray("not_known") });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Invalid task id not_known", error!["message"]!.GetValue<string>());
        var (ok, body) = await host.PostAsync("/v2/tasks/delete", new JsonObject { ["ids"] = new JsonArray(ids[0]) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(ids[0], body!["tasks"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tasks_StatusFilter_SelectsRunningOrStaging()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/slow", Delivery.Sandbox.Marathon.Runtime.TaskScript.Healthy with { StartDelay = TimeSpan.FromMinutes(1) });
        await host.CreateAppAsync(MarathonHost.App("/fast", 1));
        await host.CreateAppAsync(MarathonHost.App("/slow", 1));
        await host.ReconcileAsync();
        var running = (await host.GetAsync("/v2/tasks?status=running")).Body!["tasks"]!.AsArray();
        var staging = (await host.GetAsync("/v2/tasks?status[]=staging")).Body!["tasks"]!.AsArray();
        Assert.Equal("/fast", running.Single()!["appId"]!.GetValue<string>());
        Assert.Equal("/slow", staging.Single()!["appId"]!.GetValue<string>());
        Assert.Null(staging.Single()!["startedAt"]);
        Assert.Equal(1, (await host.AppAsync("/slow"))["tasksStaged"]!.GetValue<int>());
    }
}

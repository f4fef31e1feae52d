using System.Text.Json;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>The lobby deployed for real on the sandbox: containers per zone, health checks, upgrades and rollback.</summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Docker")]
public sealed class LobbyOnMarathonTests(LobbyFixture lobby) : SandboxMarathonTest(lobby)
{
    [Fact]
    public async Task ThreeZoneApp_GroupByZone_RunsOneHealthyContainerPerZone()
    {
        var id = await CreateAsync("three-zones", Lobby.GoodImage);

        var app = await WaitHealthyAsync(id);

        var tasks = MarathonClient.Tasks(app);
        Assert.Equal(3, tasks.Select(t => t.GetProperty("zone").GetString()).Distinct().Count());
        using var http = new HttpClient();
        foreach (var task in tasks)
        {
            var taskId = task.GetProperty("id").GetString()!;
            Assert.NotNull(await ContainerOfAsync(taskId));
            var url = $"http://{task.GetProperty("host").GetString()}:{task.GetProperty("ports")[0].GetInt32()}/health";
            Assert.True((await http.GetAsync(url, Timeout)).IsSuccessStatusCode, $"{url} is not healthy");
        }
    }

    [Fact]
    public async Task BadBuild_UnhealthySoonAfterStart_IsKilledAndReplaced()
    {
        var image = await Lobby.Images.WithFaultsAsync("""{"unhealthyAfterSeconds": 2}""", Timeout);
        var id = await CreateAsync("bad-health", image, instances: 1);
        var first = await Marathon.WaitForAsync(id, "a running task", app => MarathonClient.Tasks(app).Any(IsRunning), Timeout);
        var firstTask = MarathonClient.Tasks(first).First(IsRunning).GetProperty("id").GetString()!;

        var replaced = await Marathon.WaitForAsync(id, $"a task other than {firstTask}",
            app => MarathonClient.Tasks(app).Any(t => IsRunning(t) && t.GetProperty("id").GetString() != firstTask), Timeout);

        Assert.DoesNotContain(MarathonClient.Tasks(replaced), t => t.GetProperty("id").GetString() == firstTask);
        Assert.Null(await ContainerOfAsync(firstTask));
    }

    [Fact]
    public async Task BadBuild_CrashOnStart_ReportsTheFailureAndKeepsRelaunching()
    {
        var image = await Lobby.Images.WithFaultsAsync("""{"crashOnStart": true}""", Timeout);
        var id = await CreateAsync("crash", image, instances: 1);

        var app = await Marathon.WaitForAsync(id, "a lastTaskFailure", a => a.TryGetProperty("lastTaskFailure", out var f) && f.ValueKind == JsonValueKind.Object, Timeout);

        var failure = app.GetProperty("lastTaskFailure");
        Assert.Equal("TASK_FAILED", failure.GetProperty("state").GetString());
        Assert.Contains("3", failure.GetProperty("message").GetString());
        Assert.Equal(0, app.GetProperty("tasksHealthy").GetInt32());
    }

    [Fact]
    public async Task RollingUpgrade_NewImage_ReplacesEveryTaskWithoutDroppingBelowMinimumHealthCapacity()
    {
        var id = await CreateAsync("upgrade", Lobby.GoodImage);
        await WaitHealthyAsync(id);
        var next = await Lobby.Images.WithFaultsAsync("""{"errorRate": 0}""", Timeout);

        await Marathon.PutAsync(id, new JsonObject { ["container"] = Container(next) }, Timeout);
        var lowestHealthy = int.MaxValue;
        var upgraded = await Marathon.WaitForAsync(id, "every task on the new version, healthy", app =>
        {
            lowestHealthy = Math.Min(lowestHealthy, app.GetProperty("tasksHealthy").GetInt32());
            var version = app.GetProperty("version").GetString();
            return MarathonClient.AllHealthy(app, 3) && MarathonClient.Tasks(app).All(t => t.GetProperty("version").GetString() == version);
        }, Timeout);

        // minimumHealthCapacity 1: three healthy tasks at every moment of the upgrade.
        Assert.Equal(3, lowestHealthy);
        foreach (var task in MarathonClient.Tasks(upgraded))
            Assert.Equal(next, (await ContainerOfAsync(task.GetProperty("id").GetString()!))!.Image);
    }

    [Fact]
    public async Task Rollback_PutOfAnEarlierVersion_RunsTheEarlierImageAgain()
    {
        var id = await CreateAsync("rollback", Lobby.GoodImage, instances: 2);
        var original = (await WaitHealthyAsync(id, 2)).GetProperty("version").GetString()!;
        var next = await Lobby.Images.WithFaultsAsync("""{"extraLatencyMs": 0}""", Timeout);
        await Marathon.PutAsync(id, new JsonObject { ["container"] = Container(next) }, Timeout);
        await Marathon.WaitForAsync(id, "the new image on every task", app => MarathonClient.AllHealthy(app, 2) && ImageOf(app) == next, Timeout);

        await Marathon.PutAsync(id, new JsonObject { ["version"] = original }, Timeout, force: true);

        var rolledBack = await Marathon.WaitForAsync(id, "the original image healthy on every task",
            app => ImageOf(app) == Lobby.GoodImage && MarathonClient.AllHealthy(app, 2)
                   && MarathonClient.Tasks(app).All(t => t.GetProperty("version").GetString() == app.GetProperty("version").GetString()), Timeout);
        foreach (var task in MarathonClient.Tasks(rolledBack))
            Assert.Equal(Lobby.GoodImage, (await ContainerOfAsync(task.GetProperty("id").GetString()!))!.Image);
    }

    private static JsonObject Container(string image) => new() { ["type"] = "DOCKER", ["docker"] = new JsonObject { ["image"] = image } };

    private static string? ImageOf(JsonElement app) => app.GetProperty("container").GetProperty("docker").GetProperty("image").GetString();

    private static bool IsRunning(JsonElement task) => task.GetProperty("state").GetString() == "TASK_RUNNING";

    private async Task<ContainerListResponse?> ContainerOfAsync(string taskId) =>
        (await Lobby.Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerTaskRuntime.TaskIdLabel}={taskId}"] = true } },
        }, Timeout)).FirstOrDefault();
}

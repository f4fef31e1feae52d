using System.Net;
using System.Text.Json.Nodes;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

public class MarathonAppsTests
{
    [Fact]
    public async Task GetApp_Fixture04_ReadsTasksHealthAndLock()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("GET /v2/apps/toggle", HttpStatusCode.OK, "04-app-get-response-with-health.json");

        var app = await h.Run(c => c.GetAppAsync("/toggle"));

        Assert.NotNull(app);
        Assert.Equal("/toggle", app.Id);
        Assert.Equal((2, 2, 0), (app.TasksRunning, app.TasksHealthy, app.TasksUnhealthy));
        Assert.True(app.IsLocked);
        Assert.Equal("44c4ed48-ee53-4e0f-82dc-4df8b2a69057", app.Deployments![0].Id);
        Assert.All(app.Tasks!, t => Assert.True(t.IsHealthy));
        Assert.Equal("toggle.802df2ae-3ad4-11e4-a400-56847afe9799", app.Tasks![0].HealthCheckResults![0].TaskId);
        Assert.Equal(new DateTimeOffset(2014, 9, 11, 2, 26, 1, 135, TimeSpan.Zero), app.VersionInfo!.LastConfigChangeAt);
        Assert.Equal("/health", app.HealthChecks![0].Path);
        Assert.Equal(1.0, app.UpgradeStrategy!.MinimumHealthCapacity);
        Assert.Contains("embed=app.tasks", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task GetApp_Fixture14NotFound_ReturnsNull()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("GET /v2/apps/not_existent", HttpStatusCode.NotFound, "14-error-404-app-not-found.json");

        Assert.Null(await h.Run(c => c.GetAppAsync("/not_existent")));
    }

    [Fact]
    public async Task ListApps_LabelSelector_IsEscapedAndTasksEmbedded()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("GET /v2/apps", HttpStatusCode.OK, "05-apps-list-response.json");

        var apps = await h.Run(c => c.ListAppsAsync("service==lobby,track in (stable,canary)"));

        var app = Assert.Single(apps);
        Assert.Equal("/myapp", app.Id);
        Assert.Equal(["hostname", "UNIQUE", ""], app.Constraints![0]);
        Assert.NotNull(app.VersionInfo!.LastScalingAt);
        var query = h.Stub.Requests[0].Uri.Query;
        Assert.Contains("embed=apps.tasks", query);
        Assert.Contains("label=service%3D%3Dlobby%2Ctrack%20in%20%28stable%2Ccanary%29", query);
    }

    [Fact]
    public async Task CreateApp_Fixture02_ReadsDeploymentIdAndVersionFromTheCreatedApp()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("POST /v2/apps", HttpStatusCode.Created, "02-app-create-response-201.json");
        var request = Delivery.Marathon.MarathonJson.Deserialize<MarathonApp>(Fixtures.Read("01-app-create-request.json"));
        var expected = JsonNode.Parse(Fixtures.Read("02-app-create-response-201.json"))!;

        var result = await h.Run(c => c.CreateAppAsync(request));

        Assert.Equal(expected["deployments"]![0]!["id"]!.GetValue<string>(), result.DeploymentId);
        Assert.Equal(expected["version"]!.GetValue<string>(), result.Version);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Fixtures.Read("01-app-create-request.json")), JsonNode.Parse(h.Stub.Requests[0].Body!)));
    }

    [Fact]
    public async Task PutApp_ReadBackApp_SendsDefinitionWithoutStatusMembers()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("PUT /v2/apps/toggle", HttpStatusCode.OK, "09-deployment-result.json", deploymentIdHeader: "5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43");
        var app = Delivery.Marathon.MarathonJson.Deserialize<JsonObject>(Fixtures.Read("04-app-get-response-with-health.json"))["app"]!;
        var current = Delivery.Marathon.MarathonJson.Deserialize<MarathonApp>(app.ToJsonString());

        var result = await h.Run(c => c.PutAppAsync(current with { Instances = 3 }, partialUpdate: false, force: true));

        Assert.Equal(new MarathonDeploymentResult("5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", "2015-09-29T15:59:51.164Z"), result);
        var sent = JsonNode.Parse(h.Stub.Requests[0].Body!)!.AsObject();
        foreach (var member in new[] { "version", "versionInfo", "tasks", "deployments", "tasksHealthy", "lastTaskFailure", "storeUrls" })
            Assert.False(sent.ContainsKey(member), member);
        Assert.Equal(3, sent["instances"]!.GetValue<int>());
        Assert.Equal("python toggle.py $PORT0", sent["cmd"]!.GetValue<string>());
        Assert.Equal("http://downloads.mesosphere.com/misc/toggle.tgz", sent["uris"]![0]!.GetValue<string>());
        Assert.Equal("?partialUpdate=false&force=true", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task ScaleApp_Instances_PutsOnlyInstancesAsPartialUpdate()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("PUT /v2/apps/games/lobby-canary", HttpStatusCode.OK, "09-deployment-result.json");

        var result = await h.Run(c => c.ScaleAppAsync("/games/lobby-canary", 3));

        Assert.Equal("5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", result.DeploymentId);
        Assert.Equal("{\"instances\":3}", h.Stub.Requests[0].Body);
        Assert.Equal("?partialUpdate=true&force=false", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task DeleteApp_AlreadyGone_ReturnsNull()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("DELETE /v2/apps/games/lobby-canary", HttpStatusCode.NotFound, "14-error-404-app-not-found.json");

        Assert.Null(await h.Run(c => c.DeleteAppAsync("/games/lobby-canary")));
    }

    [Fact]
    public async Task Versions_Fixture16_AreSortedAndEachReadable()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps/games/lobby/versions", HttpStatusCode.OK,
            "{\"versions\":[\"2014-03-01T23:42:20.938Z\",\"2014-03-01T23:17:50.295Z\"]}");
        h.Stub.OnFixture("GET /v2/apps/games/lobby/versions/2014-03-01T23:17:50.295Z", HttpStatusCode.OK, "03-app-definition-kitchen-sink.json");

        var versions = await h.Run(c => c.GetAppVersionsAsync("/games/lobby"));
        var old = await h.Run(c => c.GetAppVersionAsync("/games/lobby", versions[0]));

        Assert.Equal(["2014-03-01T23:17:50.295Z", "2014-03-01T23:42:20.938Z"], versions);
        Assert.Equal("/foo", old!.Id);
    }

    [Fact]
    public async Task Versions_Fixture16_ParsesTheEnvelope()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("GET /v2/apps/games/lobby/versions", HttpStatusCode.OK, "16-app-versions-response.json");

        Assert.Equal(["2014-03-01T23:42:20.938Z"], await h.Run(c => c.GetAppVersionsAsync("/games/lobby")));
    }

    [Fact]
    public async Task GetAppVersion_Unknown_ReturnsNull()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps/games/lobby/versions/2000-01-01T00:00:00.000Z", HttpStatusCode.NotFound,
            "{\"message\":\"App '/games/lobby' does not exist in version 2000-01-01T00:00:00.000Z\"}");

        Assert.Null(await h.Run(c => c.GetAppVersionAsync("/games/lobby", "2000-01-01T00:00:00.000Z")));
    }

    [Fact]
    public async Task Rollback_Version_SendsFixture15Body()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("PUT /v2/apps/games/lobby", HttpStatusCode.OK, "09-deployment-result.json");

        await h.Run(c => c.RollbackAppAsync("/games/lobby", "2014-03-01T23:17:50.295Z", force: true));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Fixtures.Read("15-app-rollback-request.json")), JsonNode.Parse(h.Stub.Requests[0].Body!)));
        Assert.Equal("?force=true", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task Info_Fixture23_ReadsLeaderAndVersion()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("GET /v2/info", HttpStatusCode.OK, "23-info-response.json");
        h.Stub.On("GET /ping", HttpStatusCode.OK, "pong", "text/plain");

        var info = await h.Run(c => c.GetInfoAsync());

        Assert.Equal(("1.5.0-SNAPSHOT", "localhost:8080", true), (info.Version, info.Leader, info.Elected));
        Assert.True(await h.Run(c => c.PingAsync()));
    }

    [Fact]
    public async Task Ping_Unreachable_ReturnsFalseWithoutRetrying()
    {
        var h = new ClientHarness();
        h.Stub.Refuse("GET /ping");

        Assert.False(await h.Run(c => c.PingAsync()));
        Assert.Single(h.Stub.Requests);
    }

    [Fact]
    public async Task Queue_WaitingCanary_ReadsCountAndDelay()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/queue", HttpStatusCode.OK,
            "{\"queue\":[{\"count\":2,\"delay\":{\"timeLeftSeconds\":0,\"overdue\":true},\"since\":\"2026-11-26T12:00:00.000Z\",\"app\":{\"id\":\"/games/lobby-canary\",\"instances\":3}}]}");

        var item = Assert.Single(await h.Run(c => c.GetQueueAsync()));

        Assert.Equal((2, true, "/games/lobby-canary"), (item.Count, item.Delay!.Overdue, item.App!.Id));
    }
}

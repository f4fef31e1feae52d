using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

/// <summary>Each file of shared/fixtures/marathon, checked as its README says an emulator must behave.</summary>
public sealed class FixtureConformanceTests
{
    /// <summary>Members of the fixture object that the emulator's object must also have (legacy ones excepted).</summary>
    private static void AssertHasMembers(JsonNode fixture, JsonNode actual, params string[] legacy)
    {
        var missing = fixture.AsObject().Select(p => p.Key).Where(k => !legacy.Contains(k) && actual[k] is null && !actual.AsObject().ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"missing members: {string.Join(", ", missing)} in {actual.ToJsonString()}");
    }

    [Fact]
    public async Task Fixture01And02_CreateRequest_AnswersNormalizedAppLikeTheDocumentedResponse()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", Fixtures.Json("01-app-create-request.json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/my-app", response.Headers.Location!.OriginalString);
        var documented = Fixtures.Json("02-app-create-response-201.json");
        // storeUrls/uris/args/user/executor are legacy or null-valued members that 1.10 no longer prints by default.
        AssertHasMembers(documented, body!, "args", "uris", "user");
        Assert.Single(documented["portDefinitions"]!.AsArray());
        Assert.Single(body!["portDefinitions"]!.AsArray());
        Assert.Equal("python:3", body["container"]!["docker"]!["image"]!.GetValue<string>());
        Assert.Equal(0.5, body["upgradeStrategy"]!["maximumOverCapacity"]!.GetValue<double>());
        Assert.Equal(3, body["healthChecks"]![0]!["gracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal(response.Headers.GetValues("Marathon-Deployment-Id").Single(), body["deployments"]![0]!["id"]!.GetValue<string>());
        foreach (var count in new[] { "tasksStaged", "tasksRunning", "tasksHealthy", "tasksUnhealthy" })
            Assert.Equal(0, body[count]!.GetValue<int>());
    }

    [Fact]
    public async Task Fixture03_KitchenSink_IsRejectedWith422()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", Fixtures.Json("03-app-definition-kitchen-sink.json"));
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("Object is not valid", body!["message"]!.GetValue<string>());
        Assert.Contains(body["details"]!.AsArray(), d => d!["path"]!.GetValue<string>() == "/");
    }

    [Fact]
    public async Task Fixture04_AppWithHealth_ReportsCountsAndAliveResultsPerTask()
    {
        await using var host = MarathonHost.Start();
        var documented = Fixtures.Json("04-app-get-response-with-health.json")["app"]!;
        var app = MarathonHost.App("/toggle", 2);
        app["healthChecks"] = new JsonArray(new JsonObject { ["path"] = "/health", ["intervalSeconds"] = 10, ["gracePeriodSeconds"] = 5 },
            new JsonObject { ["path"] = "/machinehealth", ["intervalSeconds"] = 10, ["gracePeriodSeconds"] = 5, ["maxConsecutiveFailures"] = 6 });
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        var actual = await host.AppAsync("/toggle");
        // lastTaskFailure only exists once a task failed (checked below); 1.5+ prints portDefinitions, not ports.
        AssertHasMembers(documented, actual, "args", "uris", "user", "container", "ports", "lastTaskFailure");
        Assert.Equal(documented["tasksHealthy"]!.GetValue<int>(), actual["tasksHealthy"]!.GetValue<int>());
        Assert.Equal(documented["tasksRunning"]!.GetValue<int>(), actual["tasksRunning"]!.GetValue<int>());
        foreach (var task in actual["tasks"]!.AsArray())
        {
            AssertHasMembers(documented["tasks"]![0]!, task!);
            Assert.Equal(2, task!["healthCheckResults"]!.AsArray().Count);
            AssertHasMembers(documented["tasks"]![0]!["healthCheckResults"]![0]!, task["healthCheckResults"]![0]!, "taskId");
        }
        // lastTaskFailure appears once a task has failed.
        host.Runtime.Crash(host.Tasks("/toggle")[0].Id);
        AssertHasMembers(documented["lastTaskFailure"]!, (await host.AppAsync("/toggle"))["lastTaskFailure"]!);
    }

    [Fact]
    public async Task Fixture05_AppList_HasDocumentedMembers()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(new JsonObject { ["id"] = "/myapp", ["cmd"] = "env && sleep 60", ["instances"] = 3, ["cpus"] = 0.1, ["mem"] = 5 });
        var apps = (await host.GetAsync("/v2/apps")).Body!["apps"]!.AsArray();
        AssertHasMembers(Fixtures.Json("05-apps-list-response.json")["apps"]![0]!, apps[0]!, "args", "user", "uris", "ports", "container", "acceptedResourceRoles");
        Assert.NotEmpty(apps[0]!["deployments"]!.AsArray());
    }

    [Fact]
    public async Task Fixture06And07_Tasks_HaveDocumentedMembers()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/minecraft/survival-world", 1));
        await host.ReconcileAsync();
        var appTasks = (await host.GetAsync("/v2/apps/minecraft/survival-world/tasks")).Body!["tasks"]!.AsArray();
        AssertHasMembers(Fixtures.Json("06-app-tasks-response.json")["tasks"]![0]!, appTasks[0]!);
        var allTasks = (await host.GetAsync("/v2/tasks")).Body!["tasks"]!.AsArray();
        AssertHasMembers(Fixtures.Json("07-tasks-response.json")["tasks"]![0]!, allTasks[0]!);
        Assert.Equal("/minecraft/survival-world", allTasks[0]!["appId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fixture08_Deployments_BareArrayWithDocumentedMembers()
    {
        await using var host = MarathonHost.Start();
        host.Runtime.Script("/foo", TaskScript.Unhealthy);
        var app = MarathonHost.App("/foo", 1);
        app["healthChecks"] = new JsonArray(new JsonObject { ["maxConsecutiveFailures"] = 0, ["gracePeriodSeconds"] = 0 });
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        var list = await host.DeploymentsAsync();
        var documented = Fixtures.Json("08-deployments-response.json")[0]!;
        AssertHasMembers(documented, list[0]!);
        AssertHasMembers(documented["currentActions"]![0]!, list[0]!["currentActions"]![0]!);
        Assert.Equal(list[0]!["steps"]!.AsArray().Count, list[0]!["totalSteps"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fixture09_DeploymentResult_HeaderMatchesBody()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a"));
        var (response, body) = await host.DeleteAsync("/v2/apps/a");
        AssertHasMembers(Fixtures.Json("09-deployment-result.json"), body!);
        Assert.Equal(body!["deploymentId"]!.GetValue<string>(), response.Headers.GetValues("Marathon-Deployment-Id").Single());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", body["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fixture12_OutOfRangeStrategy_HasDocumentedShape()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", new JsonObject
        {
            ["id"] = "/a", ["cmd"] = "x", ["upgradeStrategy"] = new JsonObject { ["minimumHealthCapacity"] = 1.2 },
        });
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var documented = Fixtures.Json("12-error-422-validation.json");
        Assert.Equal(documented["message"]!.GetValue<string>(), body!["message"]!.GetValue<string>());
        Assert.Equal(documented["details"]![0]!["path"]!.GetValue<string>(), body["details"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fixture16_Versions_EnvelopeOfTimestamps()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a"));
        var versions = (await host.GetAsync("/v2/apps/a/versions")).Body!;
        AssertHasMembers(Fixtures.Json("16-app-versions-response.json"), versions);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", versions["versions"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Fixture18_EventPayloads_CarryDocumentedMembers()
    {
        await using var host = MarathonHost.Start();
        using var events = new EventRecorder(host);
        host.Runtime.Script("/my-app", TaskScript.UnhealthyAfter(1));
        var app = MarathonHost.App("/my-app", 1);
        app["healthChecks"] = new JsonArray(new JsonObject { ["intervalSeconds"] = 1, ["gracePeriodSeconds"] = 0, ["maxConsecutiveFailures"] = 1 });
        await host.CreateAppAsync(app);
        await host.Scheduler.ReconcileAsync(maxPasses: 1); // the create's first step starts
        await host.PutAsync("/v2/apps/my-app?force=true", new JsonObject { ["instances"] = 1, ["cmd"] = "sleep 30" }); // supersedes: step failure, deployment_failed
        await host.AdvanceAsync(TimeSpan.FromSeconds(3));
        await host.DeleteAsync("/v2/apps/my-app");
        await host.ReconcileAsync();
        var seen = events.Drain();
        foreach (var documented in Fixtures.Json("18-event-payload-examples.json").AsArray())
        {
            var type = documented!["eventType"]!.GetValue<string>();
            var actual = seen.FirstOrDefault(e => e["eventType"]!.GetValue<string>() == type);
            Assert.True(actual is not null, $"no {type} among {string.Join(", ", seen.Select(e => e["eventType"]).Distinct())}");
            AssertHasMembers(documented, actual!);
        }
    }

    [Fact]
    public async Task Fixture21_HealthCheckExamples_AcceptedWithDefaults()
    {
        await using var host = MarathonHost.Start();
        var examples = Fixtures.Json("21-health-check-examples.json").AsArray();
        for (var i = 0; i < examples.Count; i++)
        {
            var app = MarathonHost.App($"/hc-{i}");
            app["healthChecks"] = new JsonArray(examples[i]!.DeepClone());
            var created = await host.CreateAppAsync(app);
            var check = created["healthChecks"]![0]!;
            Assert.Equal(300, check["gracePeriodSeconds"]!.GetValue<int>());
            Assert.Equal(60, check["intervalSeconds"]!.GetValue<int>());
            Assert.Equal(20, check["timeoutSeconds"]!.GetValue<int>());
            Assert.Equal(examples[i]!["maxConsecutiveFailures"]?.GetValue<int>() ?? 3, check["maxConsecutiveFailures"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Fixture23_Info_HasDocumentedTopLevelMembers()
    {
        await using var host = MarathonHost.Start();
        var info = (await host.GetAsync("/v2/info")).Body!;
        AssertHasMembers(Fixtures.Json("23-info-response.json"), info);
        Assert.Equal("marathon", info["name"]!.GetValue<string>());
    }
}

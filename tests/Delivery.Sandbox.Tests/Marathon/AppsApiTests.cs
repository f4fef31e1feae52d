using System.Text;
using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class AppsApiTests
{
    [Fact]
    public async Task Post_RelativeId_CreatesAbsoluteAppWithDefaultsAndDeploymentHeader()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", new JsonObject { ["id"] = "games/lobby", ["cmd"] = "sleep 1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/games/lobby", response.Headers.Location!.OriginalString);
        var deploymentId = response.Headers.GetValues("Marathon-Deployment-Id").Single();
        Assert.Equal(deploymentId, body!["deployments"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("/games/lobby", body["id"]!.GetValue<string>());
        Assert.Equal(1, body["instances"]!.GetValue<int>());
        Assert.Equal(1.0, body["cpus"]!.GetValue<double>());
        Assert.Equal(128.0, body["mem"]!.GetValue<double>());
        Assert.Equal(1.15, body["backoffFactor"]!.GetValue<double>());
        Assert.Equal("YOUNGEST_FIRST", body["killSelection"]!.GetValue<string>());
        Assert.Equal(1.0, body["upgradeStrategy"]!["minimumHealthCapacity"]!.GetValue<double>());
        Assert.Equal("host", body["networks"]![0]!["mode"]!.GetValue<string>());
        Assert.Equal("default", Assert.Single(body["portDefinitions"]!.AsArray())!["name"]!.GetValue<string>()); // raml/Apps.scala
        Assert.Equal(0, body["tasksRunning"]!.GetValue<int>());
        Assert.Equal(body["version"]!.GetValue<string>(), body["versionInfo"]!["lastConfigChangeAt"]!.GetValue<string>());
        Assert.Null(body["tasks"]);
    }

    [Fact]
    public async Task Post_ExistingId_Answers409AppExists()
    {
        await using var host = MarathonHost.Start();
        // The fixture's id has an underscore, which Marathon's id rule rejects; its message pattern is what counts.
        await host.CreateAppAsync(MarathonHost.App("/existing-app"));
        var (response, body) = await host.PostAsync("/v2/apps", MarathonHost.App("/existing-app"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var expected = Fixtures.Json("11-error-409-app-exists.json")["message"]!.GetValue<string>().Replace("/existing_app", "/existing-app");
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["message"] = expected }, body), body!.ToJsonString());
    }

    [Fact]
    public async Task Post_MalformedJson_Answers400WithStringDetails()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", "{\"id\": ");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid JSON", body!["message"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonValueKind.String, body["details"]!.GetValueKind());
    }

    [Fact]
    public async Task Post_EmptyBody_Answers400PleaseSpecifyData()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", " ");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Please specify data in JSON format", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_WrongMemberType_Answers422InvalidJsonLikeFixture13()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", new JsonObject { ["id"] = 123, ["cmd"] = "x" });
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(Fixtures.Json("13-error-400-invalid-json.json"), body), body!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"id":"a","cmd":"x","upgradeStrategy":{"minimumHealthCapacity":1.2}}""", "/upgradeStrategy/minimumHealthCapacity", "got 1.2, expected between 0.0 and 1.0")]
    [InlineData("""{"id":"a","cmd":"x","upgradeStrategy":{"maximumOverCapacity":-0.1}}""", "/upgradeStrategy/maximumOverCapacity", "got -0.1, expected between 0.0 and 1.0")]
    [InlineData("""{"id":"a","cmd":"x","cpus":0}""", "/cpus", "got 0, expected 0.001 or more")]
    [InlineData("""{"id":"a","cmd":"x","mem":-1}""", "/mem", "got -1, expected 0.0 or more")]
    [InlineData("""{"id":"a","cmd":"x","instances":-1}""", "/instances", "got -1, expected 0 or more")]
    [InlineData("""{"id":"a"}""", "/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.")]
    [InlineData("""{"id":"a","cmd":"x","args":["y"]}""", "/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.")]
    [InlineData("""{"id":"Bad_Id","cmd":"x"}""", "/id", null)]
    [InlineData("""{"id":"a","cmd":"x","healthChecks":[{"portIndex":1}]}""", "/healthChecks(0)", "Health check port indices must address an element of the ports array or container port mappings.")]
    [InlineData("""{"id":"a","cmd":"x","healthChecks":[{"protocol":"SMTP"}]}""", "/healthChecks(0)/protocol", null)]
    [InlineData("""{"id":"a","cmd":"x","ports":[0],"portDefinitions":[{"port":0}]}""", "/", "cannot specify both ports and port definitions")]
    [InlineData("""{"id":"a","cmd":"x","readinessChecks":[{"portName":"nope"}]}""", "/readinessChecks(0)/portName", null)]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["hostname","UNIQUE","x"]]}""", "/constraints(0)", "UNIQUE does not accept a value")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack","MAX_PER"]]}""", "/constraints(0)", "MAX_PER requires an integer value")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack","GROUP_BY","two"]]}""", "/constraints(0)", "GROUP BY must define an integer value or else no value at all")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack","LIKE"]]}""", "/constraints(0)", "LIKE and UNLIKE require a non-empty, regular expression value")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack","LIKE","(["]]}""", "/constraints(0)", "'([' is not a valid regular expression")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack","IS","a b"]]}""", "/constraints(0)", "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack"]]}""", "/constraints(0)", "Each constraint must have either 2 or 3 fields")]
    [InlineData("""{"id":"a","cmd":"x","constraints":[["rack","NEAR","x"]]}""", "/constraints(0)", "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS")]
    public async Task Post_InvalidDefinition_Answers422WithPath(string json, string path, string? error)
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PostAsync("/v2/apps", json);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("Object is not valid", body!["message"]!.GetValue<string>());
        var detail = body["details"]!.AsArray().Single(d => d!["path"]!.GetValue<string>() == path)!;
        if (error is not null) Assert.Contains(error, detail["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_UnknownApp_Answers404LikeFixture14()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.GetAsync("/v2/apps/not_existent");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(Fixtures.Json("14-error-404-app-not-found.json"), body));
    }

    [Fact]
    public async Task Get_SingleApp_AlwaysEmbedsTasksCountsAndDeployments()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 2));
        await host.ReconcileAsync();
        var app = await host.AppAsync("/a");
        Assert.Equal(2, app["tasks"]!.AsArray().Count);
        Assert.Equal(2, app["tasksRunning"]!.GetValue<int>());
        Assert.Empty(app["deployments"]!.AsArray());
    }

    [Fact]
    public async Task List_FiltersByIdCmdAndLabelSelectors()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(new JsonObject { ["id"] = "/games/lobby", ["cmd"] = "run lobby", ["labels"] = new JsonObject { ["track"] = "stable", ["service"] = "lobby" } });
        await host.CreateAppAsync(new JsonObject { ["id"] = "/games/lobby-canary", ["cmd"] = "run lobby", ["labels"] = new JsonObject { ["track"] = "canary", ["service"] = "lobby" } });
        await host.CreateAppAsync(new JsonObject { ["id"] = "/tools/registry", ["cmd"] = "serve", ["labels"] = new JsonObject() });

        async Task<string[]> Ids(string query) =>
            (await host.GetAsync("/v2/apps" + query)).Body!["apps"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToArray();

        Assert.Equal(["/games/lobby", "/games/lobby-canary"], await Ids("?id=LOBBY"));
        Assert.Equal(["/tools/registry"], await Ids("?cmd=serve"));
        Assert.Equal(["/games/lobby-canary"], await Ids("?label=track==canary"));
        Assert.Equal(["/games/lobby", "/tools/registry"], await Ids("?label=track!=canary"));
        Assert.Equal(["/games/lobby", "/games/lobby-canary"], await Ids("?label=service"));
        Assert.Equal(["/games/lobby"], await Ids("?label=service==lobby,track%20in%20(stable,other)"));
        Assert.Equal(["/games/lobby-canary", "/tools/registry"], await Ids("?label=track%20notin%20(stable)"));
    }

    [Fact]
    public async Task List_EmbedTasks_IncludesTasksAndAlwaysCountsAndDeployments()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        var plain = (await host.GetAsync("/v2/apps")).Body!["apps"]![0]!;
        Assert.Null(plain["tasks"]);
        Assert.NotNull(plain["tasksStaged"]);
        Assert.Single(plain["deployments"]!.AsArray());
        await host.ReconcileAsync();
        var embedded = (await host.GetAsync("/v2/apps/?embed=apps.tasks&embed=apps.deployments")).Body!["apps"]![0]!;
        Assert.Single(embedded["tasks"]!.AsArray());
    }

    [Fact]
    public async Task Put_PartialUpdateByDefault_KeepsOmittedFieldsAndAnswersDeploymentResult()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(new JsonObject { ["id"] = "/a", ["cmd"] = "sleep 1", ["mem"] = 64, ["instances"] = 1 });
        await host.ReconcileAsync();
        var (response, body) = await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "sleep 2" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body!["deploymentId"]!.GetValue<string>(), response.Headers.GetValues("Marathon-Deployment-Id").Single());
        var app = await host.AppAsync("/a");
        Assert.Equal("sleep 2", app["cmd"]!.GetValue<string>());
        Assert.Equal(64.0, app["mem"]!.GetValue<double>());
        Assert.Equal(body["version"]!.GetValue<string>(), app["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_PartialUpdateFalse_ResetsOmittedFieldsToDefaults()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(new JsonObject { ["id"] = "/a", ["cmd"] = "sleep 1", ["mem"] = 64 });
        await host.ReconcileAsync();
        await host.PutAsync("/v2/apps/a?partialUpdate=false", new JsonObject { ["cmd"] = "sleep 2" });
        Assert.Equal(128.0, (await host.AppAsync("/a"))["mem"]!.GetValue<double>());
    }

    [Fact]
    public async Task Put_UnknownApp_CreatesWith201AndLocation()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.PutAsync("/v2/apps/new-app", new JsonObject { ["id"] = "/ignored", ["cmd"] = "sleep 1" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/new-app", response.Headers.Location!.OriginalString);
        Assert.NotNull(body!["deploymentId"]);
        Assert.Equal("/new-app", (await host.AppAsync("/new-app"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_UnknownApp_Answers404()
    {
        await using var host = MarathonHost.Start();
        var (response, _) = await host.SendAsync(HttpMethod.Patch, "/v2/apps/missing", new JsonObject { ["cmd"] = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Put_ScaleOnly_ChangesVersionAndLastScalingAtButNotLastConfigChangeAt()
    {
        await using var host = MarathonHost.Start();
        var created = await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        host.Time.Advance(TimeSpan.FromSeconds(5));
        await host.PutAsync("/v2/apps/a", new JsonObject { ["instances"] = 3 });
        var app = await host.AppAsync("/a");
        Assert.NotEqual(created["version"]!.GetValue<string>(), app["version"]!.GetValue<string>());
        Assert.Equal(app["version"]!.GetValue<string>(), app["versionInfo"]!["lastScalingAt"]!.GetValue<string>());
        Assert.Equal(created["version"]!.GetValue<string>(), app["versionInfo"]!["lastConfigChangeAt"]!.GetValue<string>());
        var deployment = (await host.DeploymentsAsync()).Single();
        Assert.Equal("ScaleApplication", deployment!["steps"]![0]!["actions"]![0]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_KeepsLastScalingAtAndRunsRestartApplication()
    {
        await using var host = MarathonHost.Start();
        var created = await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        host.Time.Advance(TimeSpan.FromSeconds(5));
        var (response, body) = await host.PostAsync("/v2/apps/a/restart", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var app = await host.AppAsync("/a");
        Assert.Equal(body!["version"]!.GetValue<string>(), app["versionInfo"]!["lastConfigChangeAt"]!.GetValue<string>());
        Assert.Equal(created["version"]!.GetValue<string>(), app["versionInfo"]!["lastScalingAt"]!.GetValue<string>());
        Assert.Equal("RestartApplication", (await host.DeploymentsAsync())[0]!["steps"]![0]!["actions"]![0]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_LockedApp_ForcesByDefaultAndRemovesTasks()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 2));
        var (response, body) = await host.DeleteAsync("/v2/apps/a");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body!["deploymentId"]);
        await host.ReconcileAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/v2/apps/a")).Response.StatusCode);
        Assert.Empty(host.Tasks("/a"));
        Assert.Empty(await host.DeploymentsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.DeleteAsync("/v2/apps/a")).Response.StatusCode);
    }

    [Fact]
    public async Task Versions_ListEveryChangeAndServeEachDefinition()
    {
        await using var host = MarathonHost.Start();
        var created = await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();
        var (_, update) = await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "sleep 5" });
        var versions = (await host.GetAsync("/v2/apps/a/versions")).Body!["versions"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Equal([update!["version"]!.GetValue<string>(), created["version"]!.GetValue<string>()], versions);
        var first = (await host.GetAsync($"/v2/apps/a/versions/{created["version"]}")).Body!;
        Assert.Equal("sleep 1000", first["cmd"]!.GetValue<string>());
        var (missing, body) = await host.GetAsync("/v2/apps/a/versions/2001-01-01T00:00:00.000Z");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("App '/a' does not exist in version 2001-01-01T00:00:00.000Z", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_ToStoredVersion_CreatesNewVersionWithOldConfig()
    {
        await using var host = MarathonHost.Start();
        var created = await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        await host.PutAsync("/v2/apps/a", new JsonObject { ["cmd"] = "sleep 5" });
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));

        var (response, body) = await host.PutAsync("/v2/apps/a", new JsonObject { ["version"] = created["version"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var app = await host.AppAsync("/a");
        Assert.Equal("sleep 1000", app["cmd"]!.GetValue<string>());
        Assert.Equal(body!["version"]!.GetValue<string>(), app["version"]!.GetValue<string>());
        Assert.NotEqual(created["version"]!.GetValue<string>(), app["version"]!.GetValue<string>());
        Assert.Equal(3, (await host.GetAsync("/v2/apps/a/versions")).Body!["versions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Rollback_WithOtherFields_Answers422AndUnknownVersion404()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 0));
        var (mixed, body) = await host.PutAsync("/v2/apps/a", new JsonObject { ["version"] = "2014-03-01T23:17:50.295Z", ["cmd"] = "x" });
        Assert.Equal((HttpStatusCode)422, mixed.StatusCode);
        Assert.Equal("The 'version' field may only be combined with the 'id' field.", body!["details"]![0]!["errors"]![0]!.GetValue<string>());
        var (unknown, _) = await host.PutAsync("/v2/apps/a?force=true", Fixtures.Json("15-app-rollback-request.json"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AppTasks_TextPlain_ListsHostPortPerServicePort()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/games/lobby", 2));
        await host.ReconcileAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/apps/games/lobby/tasks");
        request.Headers.Accept.ParseAdd("text/plain");
        var text = await (await host.Client.SendAsync(request)).Content.ReadAsStringAsync();
        var fields = text.Trim().Split('\t');
        Assert.Equal("games_lobby", fields[0]);
        Assert.Equal(2, fields.Count(f => f.StartsWith("127.0.1.")));
    }

    [Fact]
    public async Task UnknownRoute_Answers500UriNotFound()
    {
        await using var host = MarathonHost.Start();
        var (response, body) = await host.GetAsync("/v2/nothing/here");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("URI not found", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryResponse_CarriesLeaderHeader_AndInfoLeaderPingAnswer()
    {
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { LeaderAddress = "127.0.0.1:8080" });
        var (info, body) = await host.GetAsync("/v2/info");
        Assert.Equal("http://127.0.0.1:8080", info.Headers.GetValues("X-Marathon-Leader").Single());
        Assert.Equal("127.0.0.1:8080", body!["leader"]!.GetValue<string>());
        Assert.True(body["elected"]!.GetValue<bool>());
        Assert.Equal("127.0.0.1:8080", (await host.GetAsync("/v2/leader")).Body!["leader"]!.GetValue<string>());
        var ping = await host.Client.GetStringAsync("/ping");
        Assert.Equal("pong", ping.Trim());
    }

    [Fact]
    public async Task Info_CarriesOnlyMarathonsMembers_AgentsUnderSandboxCluster()
    {
        await using var host = MarathonHost.Start();
        var info = (await host.GetAsync("/v2/info")).Body!.AsObject();
        Assert.Equal(["name", "version", "buildref", "elected", "leader", "frameworkId", "marathon_config", "zookeeper_config", "http_config"],
            info.Select(p => p.Key));
        var cluster = (await host.GetAsync("/_sandbox/marathon/cluster")).Body!;
        Assert.Equal("memory", cluster["runtime"]!.GetValue<string>());
        Assert.NotEmpty(cluster["agents"]!.AsArray());
    }

    // Marathon: api/v2/InfoEmbedResolver.scala accepts the prefixes apps., app., group.apps. or none, on every view.
    [Theory]
    [InlineData("apps.tasks")]
    [InlineData("app.tasks")]
    [InlineData("group.apps.tasks")]
    [InlineData("tasks")]
    [InlineData("apps.failures")]
    public async Task List_EmbedTasksUnderAnyPrefix_EmbedsTasks(string embed)
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/a", 1));
        await host.ReconcileAsync();

        var app = (await host.GetAsync($"/v2/apps?embed={embed}")).Body!["apps"]![0]!;

        Assert.Single(app["tasks"]!.AsArray());
        Assert.Null((await host.GetAsync("/v2/apps?embed=apps.counts")).Body!["apps"]![0]!["tasks"]);
    }

    // Marathon: api/v2/GroupsResource.scala (default embeds, unknown group 404, the root always answers).
    [Fact]
    public async Task Groups_TreeOfTheAppIds_EmbedsAppsAndGroupsByDefault_UnknownGroup404()
    {
        await using var host = MarathonHost.Start();
        var (empty, emptyBody) = await host.GetAsync("/v2/groups");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("/", emptyBody!["id"]!.GetValue<string>());
        await host.CreateAppAsync(MarathonHost.App("/top", 1));
        await host.CreateAppAsync(MarathonHost.App("/games/lobby", 1));
        var last = await host.CreateAppAsync(MarathonHost.App("/games/eu/arena", 1));
        await host.ReconcileAsync();

        var root = (await host.GetAsync("/v2/groups")).Body!;
        Assert.Equal(["/top"], root["apps"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        var games = Assert.Single(root["groups"]!.AsArray())!;
        Assert.Equal("/games", games["id"]!.GetValue<string>());
        Assert.Equal(["/games/lobby"], games["apps"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal("/games/eu/arena", games["groups"]![0]!["apps"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(last["version"]!.GetValue<string>(), root["version"]!.GetValue<string>());

        var eu = (await host.GetAsync("/v2/groups/games/eu?embed=group.apps&embed=group.apps.tasks")).Body!;
        Assert.Null(eu["groups"]);
        Assert.Single(eu["apps"]![0]!["tasks"]!.AsArray());

        var (missing, body) = await host.GetAsync("/v2/groups/nothing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Group '/nothing' does not exist", body!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.nip.example")]
    [InlineData("10.0.0.5")]
    public async Task Request_HostNotALoopbackName_Refused403BeforeAnything(string hostName)
    {
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { Credentials = new MarathonCredentials("ops", "s3cret") });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/apps") { Content = new StringContent("""{"id":"x","cmd":"touch /tmp/pwned"}""", Encoding.UTF8, "application/json") };
        request.Headers.Host = hostName;

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode); // not 401: refused before the credentials are looked at
        Assert.Contains("not a loopback name", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Post_BodyThatIsNotJsonByContentType_Answers415(string contentType)
    {
        await using var host = MarathonHost.Start();
        using var content = new StringContent("""{"id":"x","cmd":"sleep 1"}""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var response = await host.Client.PostAsync("/v2/apps", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty((await host.GetAsync("/v2/apps")).Body!["apps"]!.AsArray());
    }

    [Fact]
    public async Task BasicAuth_WrongOrMissingCredentials_Answer401()
    {
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { Credentials = new MarathonCredentials("ops", "s3cret") });
        var (missing, body) = await host.GetAsync("/v2/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Invalid username or password.", body!["message"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/ping")).StatusCode);
        host.Client.DefaultRequestHeaders.Authorization = MarathonHost.Basic("ops", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.GetAsync("/v2/apps")).Response.StatusCode);
        host.Client.DefaultRequestHeaders.Authorization = MarathonHost.Basic("ops", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/v2/apps")).Response.StatusCode);
    }
}

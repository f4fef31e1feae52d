using System.Net;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

public sealed class PlacementTests
{
    /// <summary>Fixture 19's world: region aws-us-east1 with four zones, and a second region that is the local one.</summary>
    private static MarathonEmulatorOptions FaultDomains()
    {
        var agents = new List<AgentOptions>();
        string[] zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"];
        for (var i = 0; i < 8; i++)
            agents.Add(new AgentOptions($"east-{i}", $"127.0.2.{i + 1}", "aws-us-east1", zones[i % 4], 32000 + i * 100, 32099 + i * 100));
        agents.Add(new AgentOptions("west-0", "127.0.3.1", "aws-us-west2", "us-west-2a", 33000, 33099));
        agents.Add(new AgentOptions("west-1", "127.0.3.2", "aws-us-west2", "us-west-2b", 33100, 33199));
        return new MarathonEmulatorOptions { Agents = agents, LocalRegion = "aws-us-west2" };
    }

    private static JsonObject FromFragment(string id, JsonNode fragment)
    {
        var app = MarathonHost.App(id);
        foreach (var (key, value) in fragment.AsObject()) app[key] = value?.DeepClone();
        return app;
    }

    [Fact]
    public async Task Fixture19_RegionConstraint_PlacesAllInstancesInThatRegion()
    {
        await using var host = MarathonHost.Start(FaultDomains());
        await host.CreateAppAsync(FromFragment("/region", Fixtures.Json("19-fault-domain-placement.json")[0]!));
        await host.ReconcileAsync();
        var tasks = (await host.AppAsync("/region"))["tasks"]!.AsArray();
        Assert.Equal(5, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("aws-us-east1", t!["region"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Fixture19_ZoneGroupBy4_SpreadsSixInstancesTwoTwoOneOne()
    {
        await using var host = MarathonHost.Start(FaultDomains());
        await host.CreateAppAsync(FromFragment("/spread", Fixtures.Json("19-fault-domain-placement.json")[1]!));
        await host.ReconcileAsync();
        var tasks = (await host.AppAsync("/spread"))["tasks"]!.AsArray();
        Assert.All(tasks, t => Assert.Equal("aws-us-east1", t!["region"]!.GetValue<string>()));
        var perZone = tasks.GroupBy(t => t!["zone"]!.GetValue<string>()).Select(g => g.Count()).OrderBy(c => c).ToList();
        Assert.Equal([1, 1, 2, 2], perZone);
    }

    // Marathon: mesos/ResourceMatcher.scala counts only instances of the current configuration for constraints.
    [Theory]
    [InlineData(1.0, 0.2)] // one new instance at a time beside every old one: counting the old ones skewed it
    [InlineData(0.9, 0.1)]
    [InlineData(0.5, 0.0)]
    [InlineData(1.0, 0.5)]
    public async Task RollingUpgrade_GroupByZone_NewVersionSpreadEvenlyWhateverOldOnesStillRun(double minimumHealthCapacity, double maximumOverCapacity)
    {
        var zones = new[] { "us-east-1a", "us-east-1b", "us-east-1c" };
        var agents = Enumerable.Range(0, 6).Select(i => new AgentOptions($"a{i}", $"127.0.4.{i + 1}", "us-east-1", zones[i % 3], 34000 + i * 100, 34099 + i * 100)).ToList();
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { Agents = agents });
        var app = MarathonHost.App("/spread", 6, "v1");
        app["constraints"] = new JsonArray(new JsonArray("@zone", "GROUP_BY", "3"));
        app["upgradeStrategy"] = new JsonObject { ["minimumHealthCapacity"] = minimumHealthCapacity, ["maximumOverCapacity"] = maximumOverCapacity };
        await host.CreateAppAsync(app);
        await host.AdvanceAsync(TimeSpan.FromSeconds(5));

        await host.PutAsync("/v2/apps/spread", new JsonObject { ["cmd"] = "v2" });
        await host.AdvanceAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(await host.DeploymentsAsync());
        var perZone = host.Tasks("/spread").GroupBy(t => t.Agent.Zone).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([2, 2, 2], zones.Select(z => perZone.GetValueOrDefault(z)));
    }

    [Fact]
    public async Task NoRegionConstraint_UsesOnlyTheLocalRegion()
    {
        await using var host = MarathonHost.Start(FaultDomains());
        await host.CreateAppAsync(MarathonHost.App("/local", 4));
        await host.ReconcileAsync();
        Assert.All(host.Tasks("/local"), t => Assert.Equal("aws-us-west2", t.Agent.Region));
    }

    [Fact]
    public async Task Fixture20_EveryConstraintBody_Accepted201AndRepeatedIds409()
    {
        await using var host = MarathonHost.Start();
        var seen = new HashSet<string>();
        foreach (var body in Fixtures.Json("20-constraint-examples.json").AsArray())
        {
            var id = body!["id"]!.GetValue<string>();
            var (response, error) = await host.PostAsync("/v2/apps", body);
            var expected = seen.Add(id) ? HttpStatusCode.Created : HttpStatusCode.Conflict;
            Assert.True(expected == response.StatusCode, $"{body.ToJsonString()} → {(int)response.StatusCode} {error?.ToJsonString()}");
        }
    }

    // Default agents: rack_id rack-1 … rack-6 on 127.0.1.1 … 127.0.1.6, two per zone.
    [Theory]
    [InlineData(0, "rack-1", 3)]           // CLUSTER rack-1: all on the one agent of rack-1
    [InlineData(1, null, 3)]               // CLUSTER: all on whichever rack the first landed
    [InlineData(2, null, 0)]               // hostname CLUSTER a.specific.node.com: no such agent, all wait
    [InlineData(3, null, 3)]               // hostname CLUSTER: one host
    [InlineData(4, "rack-[1-3]", 3)]       // LIKE
    [InlineData(5, null, 3)]               // UNLIKE rack-[7-9]: anything goes
    [InlineData(6, null, 3)]               // MAX_PER 2
    [InlineData(7, null, 3)]               // UNIQUE hostname
    [InlineData(8, null, 3)]               // GROUP_BY 3
    [InlineData(9, "rack-1", 3)]           // IS rack-1
    public async Task Fixture20_ConstraintSemantics_HonouredWhenPlacing(int index, string? rackPattern, int placed)
    {
        await using var host = MarathonHost.Start();
        var body = Fixtures.Json("20-constraint-examples.json")[index]!.AsObject();
        var id = "/" + body["id"]!.GetValue<string>();
        await host.CreateAppAsync((JsonObject)body.DeepClone());
        await host.ReconcileAsync();
        var tasks = host.Tasks(id);
        Assert.Equal(placed, tasks.Count);
        var racks = tasks.Select(t => t.Agent.Options.Attributes["rack_id"]).ToList();
        if (rackPattern is not null) Assert.All(racks, r => Assert.Matches($"^{rackPattern}$", r));
        var op = body["constraints"]![0]![1]!.GetValue<string>();
        var field = body["constraints"]![0]![0]!.GetValue<string>();
        var values = tasks.Select(t => field == "hostname" ? t.Agent.Hostname : t.Agent.Options.Attributes[field]).ToList();
        switch (op)
        {
            case "CLUSTER": Assert.True(values.Distinct().Count() <= 1); break;
            case "UNIQUE": Assert.Equal(values.Count, values.Distinct().Count()); break;
            case "MAX_PER": Assert.All(values.GroupBy(v => v), g => Assert.True(g.Count() <= 2)); break;
            case "GROUP_BY": Assert.Equal(3, values.Distinct().Count()); break;
        }
        if (placed == 0)
        {
            var queued = (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!;
            Assert.Equal(3, queued["count"]!.GetValue<int>());
            Assert.Contains("UnfulfilledConstraint", queued["processedOffersSummary"]!["rejectSummaryLastOffers"]!.AsArray()
                .Select(r => r!["reason"]!.GetValue<string>()));
            Assert.Single(await host.DeploymentsAsync()); // waits, never fails
        }
    }

    [Fact]
    public async Task HostnameUnique_MoreInstancesThanAgents_ExtraOnesWait()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/u", 8);
        app["constraints"] = new JsonArray(new JsonArray("hostname", "UNIQUE"));
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        Assert.Equal(6, host.Tasks("/u").Count);
        Assert.Equal(2, (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Resources_TooManyCpus_WaitWithInsufficientCpusPerAgent()
    {
        await using var host = MarathonHost.Start();
        var app = MarathonHost.App("/big", 1);
        app["cpus"] = 100;
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        var queued = (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!;
        var offers = queued["lastUnusedOffers"]!.AsArray();
        Assert.Equal(6, offers.Count);
        Assert.All(offers, o => Assert.Contains("InsufficientCpus", o!["reason"]!.AsArray().Select(r => r!.GetValue<string>())));
    }

    [Fact]
    public async Task Ports_AreUniquePerHostAndWithinTheAgentRange()
    {
        var agent = new AgentOptions("only", "127.0.1.1", "us-east-1", "us-east-1a", 31000, 31009);
        await using var host = MarathonHost.Start(new MarathonEmulatorOptions { Agents = [agent] });
        var app = MarathonHost.App("/p", 6);
        app["portDefinitions"] = new JsonArray(new JsonObject { ["port"] = 0 }, new JsonObject { ["port"] = 0 });
        await host.CreateAppAsync(app);
        await host.ReconcileAsync();
        var ports = host.Tasks("/p").SelectMany(t => t.Ports).ToList();
        Assert.Equal(10, ports.Count); // 5 tasks × 2 ports fill the 10-port range; the 6th waits
        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 31000, 31009));
        Assert.Contains("InsufficientPorts", (await host.GetAsync("/v2/queue")).Body!["queue"]![0]!["lastUnusedOffers"]![0]!["reason"]!
            .AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Default_SpreadsAcrossZonesAndReportsFaultDomain()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/spread", 3));
        await host.ReconcileAsync();
        var tasks = (await host.AppAsync("/spread"))["tasks"]!.AsArray();
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], tasks.Select(t => t!["zone"]!.GetValue<string>()).Order());
        Assert.All(tasks, t =>
        {
            Assert.Equal("us-east-1", t!["region"]!.GetValue<string>());
            Assert.Equal(t["host"]!.GetValue<string>(), t["ipAddresses"]![0]!["ipAddress"]!.GetValue<string>());
            Assert.Matches(@"^spread\.instance-[0-9a-f-]{36}\._app\.1$", t["id"]!.GetValue<string>());
            Assert.Equal("TASK_RUNNING", t["state"]!.GetValue<string>());
            Assert.NotNull(t["startedAt"]);
        });
    }

    [Fact]
    public async Task Launch_Environment_CarriesMarathonVariables()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(new JsonObject
        {
            ["id"] = "/games/lobby", ["cmd"] = "run", ["cpus"] = 0.5, ["mem"] = 64,
            ["container"] = new JsonObject { ["type"] = "DOCKER", ["docker"] = new JsonObject { ["image"] = "127.0.0.1:5000/lobby@sha256:abc" } },
            ["portDefinitions"] = new JsonArray(new JsonObject { ["port"] = 0, ["name"] = "http" }, new JsonObject { ["port"] = 0, ["name"] = "metrics-port" }),
            ["labels"] = new JsonObject { ["track"] = "canary", ["release.commit"] = "abc123" },
            ["env"] = new JsonObject { ["MODE"] = "fast", ["HOST"] = "0.0.0.0", ["PORT0"] = "80" },
        });
        await host.ReconcileAsync();
        var launch = host.Runtime.Launches.Single();
        var env = launch.Environment;
        var task = host.Tasks("/games/lobby").Single();
        Assert.Equal("80", env["PORT0"]); // the app's env wins, as in Marathon…
        Assert.Equal(task.Ports[1].ToString(), env["PORT1"]);
        Assert.Equal(task.Ports[0].ToString(), env["PORT"]);
        Assert.Equal(task.Ports[0].ToString(), env["PORT_HTTP"]);
        Assert.Equal(env["PORT1"], env["PORT_METRICS_PORT"]);
        Assert.Equal($"{task.Ports[0]},{task.Ports[1]}", env["PORTS"]);
        Assert.Equal(task.Agent.Hostname, env["HOST"]); // …but not for HOST, the agent's loopback address
        Assert.Equal("/games/lobby", env["MARATHON_APP_ID"]);
        Assert.Equal(task.Version, env["MARATHON_APP_VERSION"]);
        Assert.Equal("127.0.0.1:5000/lobby@sha256:abc", env["MARATHON_APP_DOCKER_IMAGE"]);
        Assert.Equal(task.Id, env["MESOS_TASK_ID"]);
        Assert.Equal("canary", env["MARATHON_APP_LABEL_TRACK"]);
        Assert.Equal("abc123", env["MARATHON_APP_LABEL_RELEASE_COMMIT"]);
        Assert.Equal("TRACK RELEASE_COMMIT", env["MARATHON_APP_LABELS"]);
        Assert.Equal("fast", env["MODE"]);
        Assert.Equal("127.0.0.1:5000/lobby@sha256:abc", launch.Image);
        Assert.Equal(task.Agent.Hostname, launch.Host);
    }
}

using System.Text.Json.Nodes;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

public class MarathonModelTests
{
    [Fact]
    public void App_Fixture03KitchenSink_RoundTripsWithoutLoss()
    {
        var original = Fixtures.Read("03-app-definition-kitchen-sink.json");

        var app = MarathonJson.Deserialize<MarathonApp>(original);
        var written = MarathonJson.Serialize(app);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(written)), written);
        Assert.Equal("mesosphere:marathon/latest", app.Image);
        Assert.Equal("zeus", app.Labels!["owner"]);
        Assert.Equal(["hostname", "LIKE", "srv2.*"], app.Constraints![0]);
        Assert.Equal("/db/password", app.Extra!["env"].GetProperty("PASSWORD").GetProperty("secret").GetString());
    }

    [Fact]
    public void App_Fixture03AfterChange_KeepsUnknownMembersInPut()
    {
        var app = MarathonJson.Deserialize<MarathonApp>(Fixtures.Read("03-app-definition-kitchen-sink.json"));

        var changed = app with { Container = app.Container! with { Docker = app.Container.Docker! with { Image = "r/x@sha256:" + new string('a', 64) } } };
        var written = JsonNode.Parse(MarathonJson.Serialize(changed.ForWrite()))!;

        Assert.Equal("r/x@sha256:" + new string('a', 64), written["container"]!["docker"]!["image"]!.GetValue<string>());
        Assert.Equal(10019, written["container"]!["docker"]!["portMappings"]![0]!["servicePort"]!.GetValue<int>());
        Assert.Equal("/db/password", written["secrets"]!["secret1"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public void HealthChecks_Fixture21_RepresentEveryProtocolWithoutLoss()
    {
        var examples = JsonNode.Parse(Fixtures.Read("21-health-check-examples.json"))!.AsArray();

        var checks = examples.Select(e => MarathonJson.Deserialize<MarathonHealthCheck>(e!.ToJsonString())).ToList();

        Assert.Contains(checks, c => c.Protocol == "COMMAND" && c.Command?.Value is { Length: > 0 });
        Assert.Contains(checks, c => c.Protocol == "TCP");
        Assert.Contains(checks, c => c.Protocol == "MESOS_HTTP");
        for (var i = 0; i < checks.Count; i++)
            Assert.True(JsonNode.DeepEquals(examples[i], JsonNode.Parse(MarathonJson.Serialize(checks[i]))), examples[i]!.ToJsonString());
    }
}

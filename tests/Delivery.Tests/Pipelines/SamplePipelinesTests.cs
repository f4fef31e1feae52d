using Delivery.Core.Canary;
using Delivery.Pipelines;

namespace Delivery.Tests.Pipelines;

public class SamplePipelinesTests
{
    private static readonly string Root = TestRepository.Checkout();

    [Fact]
    public void Lobby_LoadedFromCheckout_MapsEverySection()
    {
        var environment = EnvironmentLoader.Load(Root);
        var lobby = PipelineCatalog.Load(Root, environment).Get("lobby");

        Assert.Equal("src/Lobby", lobby.Source);
        Assert.Equal("games/lobby", lobby.Image.Repository);
        Assert.Equal("src/Lobby/Dockerfile", lobby.Image.Dockerfile);
        Assert.StartsWith("dotnet publish src/Lobby", lobby.Image.Prepare);
        Assert.Equal("/games/lobby", lobby.Marathon.AppId);
        Assert.Equal("/games/lobby-canary", lobby.Marathon.CanaryAppId);
        Assert.Equal("pipelines/marathon/lobby.json", lobby.Marathon.TemplatePath);
        Assert.Null(lobby.Zones);
        Assert.Equal(3, lobby.ZonesIn(environment).Count);
        Assert.Equal(6, lobby.Instances);
        Assert.Equal(1, lobby.Canary.InstancesPerZone);
        Assert.Equal(0.8, lobby.Canary.MinimumHealthyCapacity, 6);
        Assert.Equal(ZoneFailurePolicy.Pause, lobby.Canary.OnZoneFailure);
        Assert.Equal(TimeSpan.FromMinutes(2), lobby.Canary.Health.HealthyDeadline);
        Assert.Collection(lobby.Canary.Steps,
            s => Assert.IsType<PlaceStep>(s),
            s => Assert.Equal(new WaitStep(TimeSpan.FromMinutes(1)), s),
            s => Assert.Equal(new GrowStep(50), s),
            s => Assert.Equal(new WaitStep(TimeSpan.FromMinutes(1)), s),
            s => Assert.IsType<PromoteStep>(s));
        Assert.Equal(["error-rate", "p99-latency"], lobby.Canary.Analysis.Checks.Select(m => m.Name));
        var errors = Assert.IsType<Delivery.Core.Analysis.ErrorRateCheck>(lobby.Canary.Analysis.Checks[0]);
        // The lobby's counters carry the status as `code` (LobbyMetrics), the route as `route`.
        Assert.Equal("lobby_http_requests_total{route=~\"/v1/.*\", code=~\"5..\"}", errors.Failed.ToString());
        Assert.Equal(["smoke"], lobby.Canary.Hooks.Select(h => h.Name));
    }

    [Fact]
    public void Local_LoadedByDefault_IsTheSandboxOnLoopback()
    {
        var local = EnvironmentLoader.Load(Root);

        Assert.Equal("local", local.Name);
        Assert.True(local.Sandbox);
        Assert.Equal("127.0.0.1", local.Marathon.Url.Host);
        Assert.Equal("127.0.0.1", local.Ecr.Endpoint!.Host);
        Assert.Equal("000000000000", local.Ecr.AccountId);
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], local.Zones.Select(z => z.Name));
    }

    [Fact]
    public void Production_Loaded_ValidatesAndNamesCredentialVariables()
    {
        var production = EnvironmentLoader.Load(Root, "production");

        Assert.False(production.Sandbox);
        Assert.Equal("MARATHON_PASSWORD", production.Marathon.PasswordVariable);
        Assert.Null(production.Ecr.Endpoint);
        Assert.Equal("eu-west-1", production.Ecr.Region);
    }

    [Fact]
    public void Lobby_AgainstProductionZones_ReportsNothingBecauseItUsesAllZones()
    {
        var production = EnvironmentLoader.Load(Root, "production");

        var lobby = PipelineCatalog.Load(Root, production).Get("lobby");

        Assert.Equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"], lobby.ZonesIn(production).Select(z => z.Name));
    }

    [Fact]
    public void SampleFiles_ReferenceTheirSchemaWithTheEditorModeline()
    {
        Assert.StartsWith("# yaml-language-server: $schema=schema/pipeline.schema.json",
            File.ReadAllText(Path.Combine(Root, "pipelines/lobby.yaml")));
        foreach (var env in EnvironmentLoader.Names(Root))
            Assert.StartsWith("# yaml-language-server: $schema=../schema/environment.schema.json",
                File.ReadAllText(Path.Combine(Root, $"pipelines/environments/{env}.yaml")));
    }
}

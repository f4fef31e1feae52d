using Delivery.Core;
using Delivery.Pipelines;

namespace Delivery.Tests.Pipelines;

public class EnvironmentLoaderTests
{
    [Fact]
    public void Load_UnknownEnvironment_ListsKnownOnes()
    {
        using var repo = new TestRepository().With("pipelines/environments/staging.yaml", "zones: [a]\n");

        var error = Assert.Throws<DeliveryException>(() => EnvironmentLoader.Load(repo.Root, "prod"));

        Assert.Equal("Tried to load environment 'prod' but failed because pipelines/environments/prod.yaml does not exist; known environments: staging.", error.Message);
    }

    [Fact]
    public void Load_BrokenEnvironment_ReportsEveryError()
    {
        using var repo = new TestRepository().With("pipelines/environments/local.yaml", """
            marathon:
              url: 127.0.0.1:18080
              passwordVariable: MARATHON_PASSWORD
            ecr:
              account: 42
              region: Mars
              endpiont: http://127.0.0.1:18443
            zones: []
            """);

        var error = Assert.Throws<DeliveryException>(() => EnvironmentLoader.Load(repo.Root));

        Assert.Equal([
            "pipelines/environments/local.yaml:2:3: only one of usernameVariable and passwordVariable is set; expected both (HTTP basic auth) or neither",
            "pipelines/environments/local.yaml:2:8: '127.0.0.1:18080' is not a URL; expected an absolute http:// or https:// URL",
            "pipelines/environments/local.yaml:5:12: '42' is not an AWS account id; expected 12 digits, quoted so YAML keeps leading zeros: \"000000000000\"",
            "pipelines/environments/local.yaml:6:11: 'Mars' is not an AWS region; expected an AWS region such as us-east-1",
            "pipelines/environments/local.yaml:7:3: unknown key 'endpiont' in ecr (did you mean 'endpoint'?); expected one of account, region, endpoint, profile",
            "pipelines/environments/local.yaml:8:8: the environment has no zones; expected a list of zone names such as [us-east-1a, us-east-1b, us-east-1c]",
        ], error.Message.Split('\n'));
    }
}

public class LoadWithEnvironmentTests
{
    [Fact]
    public void LoadWithEnvironment_BothFilesBroken_ReportsBothInOneMessage()
    {
        using var repo = new TestRepository()
            .With("pipelines/environments/local.yaml", "marathon:\n  url: http://127.0.0.1:18080\necr:\n  account: \"000000000000\"\n  region: us-east-1\nzones: [us-east-1a]\nsandbx: true\n")
            .With("pipelines/arena.yaml", "source: src/Arena\n");

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.LoadWithEnvironment(repo.Root));

        var lines = error.Message.Split('\n');
        Assert.StartsWith("pipelines/arena.yaml:1:1: the pipeline has no 'image'", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("pipelines/environments/local.yaml:7:1: unknown key 'sandbx' in the environment (did you mean 'sandbox'?)"));
    }

    [Fact]
    public void LoadWithEnvironment_Checkout_GivesLocalAndLobby()
    {
        var (environment, pipelines) = PipelineCatalog.LoadWithEnvironment(TestRepository.Checkout());

        Assert.Equal("local", environment.Name);
        Assert.Contains("lobby", pipelines.Names);
    }
}

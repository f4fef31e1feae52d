using Delivery.Core;
using Delivery.Pipelines;

namespace Delivery.Tests.Pipelines;

public class PipelineCatalogTests
{
    private const string Template = """
        {
          "id": "/games/arena",
          "portDefinitions": [{ "port": 0 }],
          "healthChecks": [{ "protocol": "HTTP", "path": "/health", "portIndex": 0 }],
          "upgradeStrategy": { "minimumHealthCapacity": 1, "maximumOverCapacity": 0.5 }
        }
        """;

    private const string Valid = """
        source: src/Arena
        image:
          repository: games/arena
          context: src/Arena
          dockerfile: src/Arena/Dockerfile
        marathon:
          template: marathon/arena.json
        zones: [us-east-1a, us-east-1b]
        instances: 4
        """;

    private static TestRepository Repository(string pipeline, string template = Template) => new TestRepository()
        .WithFolder("src/Arena")
        .With("src/Arena/Dockerfile", "FROM scratch\n")
        .With("pipelines/marathon/arena.json", template)
        .With("pipelines/arena.yaml", pipeline);

    [Fact]
    public void Load_ValidMinimalPipeline_UsesCanaryDefaults()
    {
        using var repo = Repository(Valid);

        var arena = PipelineCatalog.Load(repo.Root).Get("arena");

        Assert.Equal(["us-east-1a", "us-east-1b"], arena.Zones!.Select(z => z.Name));
        Assert.Equal(new Core.Canary.CanaryPolicy().Steps, arena.Canary.Steps);
        Assert.Equal("pipelines/arena.yaml", arena.File);
    }

    [Fact]
    public void Get_UnknownName_ListsKnownPipelines()
    {
        using var repo = Repository(Valid);
        var catalog = PipelineCatalog.Load(repo.Root);

        var error = Assert.Throws<DeliveryException>(() => catalog.Get("lobbby"));

        Assert.Contains("'lobbby'", error.Message);
        Assert.Contains("known pipelines: arena", error.Message);
    }

    [Fact]
    public void Load_BrokenPipeline_ReportsEveryErrorWithLineAndColumn()
    {
        using var repo = Repository("""
            source: src/Arena
            imgae:
              repository: Games/Arena
            marathon:
              template: marathon/arena.json
            zones: [us-east-1a, US_EAST]
            instances: six
            canary:
              steps:
                - place
                - wait: 30 seconds
                - promote
            """);

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root));
        var lines = error.Message.Split('\n');

        Assert.Equal([
            "pipelines/arena.yaml:1:1: the pipeline has no 'image'; expected a mapping",
            "pipelines/arena.yaml:2:1: unknown key 'imgae' in the pipeline (did you mean 'image'?); expected one of name, source, image, marathon, zones, instances, canary, analysis, hooks",
            "pipelines/arena.yaml:6:21: 'US_EAST' is not a zone name; expected lowercase letters, digits and dashes, e.g. us-east-1a",
            "pipelines/arena.yaml:7:12: found 'six'; expected a whole number from 1 to 10000",
            "pipelines/arena.yaml:11:13: found '30 seconds'; expected a duration such as 30s, 5m, 1h or 1m30s",
        ], lines);
    }

    [Fact]
    public void Load_SyntaxError_ReportsYamlPosition()
    {
        using var repo = Repository("source: src/Arena\nimage: [unclosed\n");

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root));

        Assert.StartsWith("pipelines/arena.yaml:", error.Message);
        Assert.Contains("invalid YAML", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_BrokenTemplate_ReportsTheTemplatesOwnLineAndColumn()
    {
        using var repo = Repository(Valid, """
            {
              "id": "/games/arena",
              "healthChecks": [{ "path": "/health", "portIndex": 2 }],
              "upgradeStrategy": { "minimumHealthCapacity": 1.2, "maximumOverCapacity": 0 }
            }
            """);

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root));

        Assert.Equal([
            "pipelines/marathon/arena.json:3:54: portIndex 2 addresses no port (the app has 1); expected a port index from 0 to 0",
            "pipelines/marathon/arena.json:4:49: minimumHealthCapacity 1.2 is out of range; expected a number from 0.0 to 1.0 (Marathon answers 422 otherwise)",
        ], error.Message.Split('\n'));
    }

    [Fact]
    public void Load_TemplateNotJson_ReportsParserPosition()
    {
        using var repo = Repository(Valid, "{\n  \"id\": \"/games/arena\",\n  \"healthChecks\": [,]\n}");

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root));

        Assert.StartsWith("pipelines/marathon/arena.json:3:", error.Message);
        Assert.Contains("invalid JSON", error.Message);
    }

    [Fact]
    public void Load_MissingTemplateAndSource_ReportsBothReferences()
    {
        using var repo = new TestRepository().With("pipelines/arena.yaml", Valid);

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root));

        Assert.Contains("pipelines/arena.yaml:1:9: folder 'src/Arena' does not exist", error.Message);
        Assert.Contains("pipelines/arena.yaml:5:15: file 'src/Arena/Dockerfile' does not exist", error.Message);
        Assert.Contains("pipelines/arena.yaml:7:13: template 'marathon/arena.json' does not exist", error.Message);
    }

    [Fact]
    public void Load_ZoneMissingFromEnvironment_ReportsTheZoneAndTheEnvironmentsZones()
    {
        using var repo = Repository(Valid.Replace("us-east-1b", "us-east-1d"));
        var environment = new Core.Pipelines.DeliveryEnvironment("local",
            new Core.Pipelines.EcrSpec("000000000000", "us-east-1"), new Core.Pipelines.MarathonEndpoint(new Uri("http://127.0.0.1:1")),
            null, [new("us-east-1a"), new("us-east-1b")]);

        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root, environment));

        Assert.Equal("pipelines/arena.yaml:8:21: zone us-east-1d is not a zone of environment local; expected one of us-east-1a, us-east-1b", error.Message);
    }

    [Fact]
    public void Load_AliasBombBesideAValidPipeline_OneLineNamingIt_InBoundedMemory()
    {
        using var repo = Repository(Valid).With("pipelines/bomb.yaml", YamlConfigReaderTests.AliasBomb);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DeliveryException>(() => PipelineCatalog.Load(repo.Root));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith("pipelines/bomb.yaml:1:4:", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(allocated < 100 * 1024 * 1024, $"loading allocated {allocated / 1024 / 1024} MiB");
    }
}

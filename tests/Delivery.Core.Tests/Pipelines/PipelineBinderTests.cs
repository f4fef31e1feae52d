using Delivery.Core.Analysis;
using Delivery.Core.Canary;
using Delivery.Core.Pipelines;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Tests.Pipelines;

/// <summary>
/// The binder reads a position-keeping tree; YAML and JSON produce the same tree, so these tables write the
/// pipeline as JSON (a YAML subset) and pin each error to its line and column.
/// </summary>
public class PipelineBinderTests
{
    private const string File = "pipelines/arena.yaml";

    private const string Valid = """
        {
          "source": "src/Arena",
          "image": {
            "repository": "games/arena",
            "context": "src/Arena",
            "dockerfile": "src/Arena/Dockerfile"
          },
          "marathon": { "template": "marathon/arena.json" },
          "zones": ["us-east-1a", "us-east-1b"],
          "instances": 4,
          "canary": {
            "steps": ["place", { "wait": "5m" }, "promote"],
            "minimumHealthyCapacity": "90%",
            "onZoneFailure": "pause"
          },
          "analysis": { "checks": [{ "name": "error-rate", "errors": { "requests": "http_requests_total", "failed": "http_requests_total{code=~'5..'}" }, "limit": "5%" }] }
        }
        """;

    private const string Template = """
        { "id": "/games/arena", "healthChecks": [{ "path": "/health" }],
          "upgradeStrategy": { "minimumHealthCapacity": 1, "maximumOverCapacity": 0 } }
        """;

    private static readonly InMemoryFiles Files = new(new()
    {
        ["src/Arena/Dockerfile"] = "FROM scratch",
        ["pipelines/marathon/arena.json"] = Template,
    });

    private static (Pipeline? Pipeline, ConfigErrors Errors) Bind(string json, DeliveryEnvironment? environment = null)
    {
        var errors = new ConfigErrors();
        var tree = JsonConfigReader.Read(json, File, errors);
        Assert.NotNull(tree);
        return (PipelineBinder.Bind(tree, "arena", Files, errors, environment), errors);
    }

    [Fact]
    public void Bind_ValidPipeline_MapsEverySection()
    {
        var (pipeline, errors) = Bind(Valid);

        Assert.Empty(errors.Items);
        Assert.NotNull(pipeline);
        Assert.Equal("/games/arena-canary", pipeline.Marathon.CanaryAppId);
        Assert.Equal([new PlaceStep(), new WaitStep(TimeSpan.FromMinutes(5)), new PromoteStep()], pipeline.Canary.Steps);
        Assert.Equal(0.9, pipeline.Canary.MinimumHealthyCapacity, 9);
        var check = Assert.IsType<ErrorRateCheck>(Assert.Single(pipeline.Canary.Analysis.Checks));
        Assert.Equal(("error-rate", "http_requests_total{code=~\"5..\"}", 0.05), (check.Name, check.Failed.ToString(), check.Limit!.Value));
    }

    [Theory]
    [InlineData("\"instances\": 4", "\"instances\": 0", "10:16: 0 is out of range; expected a whole number from 1 to 10000")]
    [InlineData("\"instances\": 4", "\"instances\": \"4\"", "10:16: found '4'; expected a whole number from 1 to 10000")]
    [InlineData("\"instances\": 4", "\"instances\": 1", "10:16: 1 instance(s) cannot cover 2 zones; expected at least 2")]
    [InlineData("\"instances\": 4", "\"instnaces\": 4",
        "1:1: the pipeline has no 'instances'; expected a whole number of at least 1|10:3: unknown key 'instnaces' in the pipeline (did you mean 'instances'?); expected one of name, source, image, marathon, zones, instances, canary, analysis, hooks")]
    [InlineData("\"source\": \"src/Arena\",", "\"source\": \"src/Arena\", \"sorce\": 1,", "2:26: unknown key 'sorce' in the pipeline (did you mean 'source'?); expected one of name, source, image, marathon, zones, instances, canary, analysis, hooks")]
    [InlineData("\"instances\": 4,", "\"instances\": 4, \"name\": \"other\",", "10:27: the name 'other' differs from the file name; expected 'arena' (or no name key)")]
    [InlineData("\"source\": \"src/Arena\"", "\"source\": \"../x\"", "2:13: '../x' leaves the repository; expected a folder relative to the repository root, e.g. src/Lobby")]
    [InlineData("\"games/arena\"", "\"Games/Arena\"", "4:19: 'Games/Arena' is not a repository name; expected lowercase letters, digits, '.', '_', '-' and '/' between components, e.g. games/lobby")]
    [InlineData("\"us-east-1b\"", "\"us-east-1a\"", "9:27: zone us-east-1a is listed twice; expected each zone once")]
    [InlineData("[\"us-east-1a\", \"us-east-1b\"]", "\"some\"", "9:12: zones is 'some'; expected 'all' or a list of zone names such as [us-east-1a, us-east-1b]")]
    [InlineData("marathon/arena.json", "marathon/nope.json", "8:29: template 'marathon/nope.json' does not exist; expected a JSON file relative to the pipeline file, e.g. marathon/lobby.json")]
    [InlineData("{ \"wait\": \"5m\" }", "{ \"wait\": \"5 minutes\" }", "12:34: found '5 minutes'; expected a duration such as 30s, 5m, 1h or 1m30s")]
    [InlineData("{ \"wait\": \"5m\" }", "{ \"grow\": \"100%\" }", "12:34: 100% is out of range; expected a percentage such as 80%, from 1% to 99%")]
    [InlineData("{ \"wait\": \"5m\" }", "{ \"grow\": \"12.5%\" }", "12:34: 12.5% is not a whole percentage; expected a whole percentage from 1% to 99%, e.g. 25%")]
    [InlineData("\"context\": \"src/Arena\"", "\"context\": \"out/arena\"", "5:16: folder 'out/arena' does not exist; expected a folder relative to the repository root, e.g. src/Lobby")]
    [InlineData("[\"place\", { \"wait\": \"5m\" }, \"promote\"]", "[{ \"wait\": \"5m\" }, \"promote\"]", "12:15: the first step is not 'place'; expected place as the first step, so canaries exist before they are watched")]
    [InlineData("[\"place\", { \"wait\": \"5m\" }, \"promote\"]", "[\"place\", { \"wait\": \"5m\" }]", "12:24: the last step is not 'promote'; expected promote as the last step")]
    [InlineData("\"promote\"]", "\"promte\"]", "12:42: found 'promte' as a canary step (did you mean 'promote'?); expected place, wait: <duration>, grow: <percentage>, pause or pause: <reason>, or promote")]
    [InlineData("{ \"wait\": \"5m\" }", "{ \"pause\": { \"timeout\": \"soon\" } }", "12:48: found 'soon'; expected a duration such as 30s, 5m, 1h or 1m30s")]
    [InlineData("{ \"wait\": \"5m\" }", "{ \"pause\": { \"timeout\": \"30m\", \"onTimeout\": \"ignore\" } }", "12:68: 'ignore' is not a pause timeout action; expected rollback or promote")]
    [InlineData("{ \"wait\": \"5m\" }", "{ \"pause\": { \"onTimeout\": \"promote\" } }", "12:50: onTimeout is set but the pause has no timeout; expected a timeout such as 30m beside it, or no onTimeout")]
        [InlineData("{ \"wait\": \"5m\" }", "{ \"pause\": { \"timout\": \"30m\" } }", "12:37: unknown key 'timout' in a pause step (did you mean 'timeout'?); expected one of reason, timeout, onTimeout")]
    [InlineData("\"90%\"", "\"0%\"", "13:31: 0% is out of range; expected a percentage such as 80%, from 1% to 100%")]
    [InlineData("\"onZoneFailure\": \"pause\"", "\"onZoneFailure\": \"ignore\"", "14:22: 'ignore' is not a zone-failure policy; expected pause or continue-without-zone")]
    [InlineData("\"errors\": { \"requests\": \"http_requests_total\", \"failed\": \"http_requests_total{code=~'5..'}\" }, ", "", "16:28: a check has none of errors, latency and query; expected exactly one of errors: {requests, failed}, latency: {buckets, quantile} or query: <PromQL>")]
    [InlineData("{code=~'5..'}", "{code=5}", "16:135: 'http_requests_total{code=5}' is not a selector; expected a quoted label value")]
    [InlineData("\"limit\": \"5%\"", "\"limit\": \"5\"", "16:156: found '5'; expected a percentage such as 80%, from 0.001% to 100%")]
    [InlineData("\"limit\": \"5%\"", "\"threshold\": 3", "16:160: 'threshold' does not apply to an errors check; expected limit, maxRatio and maxIncrease for errors and latency checks")]
    public void Bind_OneMistake_ReportsItAtItsLineAndColumn(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);

        var (pipeline, errors) = Bind(Valid.Replace(find, replace));

        Assert.Null(pipeline);
        Assert.Equal(expected.Split('|').Select(e => $"{File}:{e}"), errors.Sorted.Select(e => e.ToString()));
    }

    [Fact]
    public void Bind_PreparedContext_NeedNotExistYet()
    {
        var prepared = Valid.Replace("\"context\": \"src/Arena\"", "\"context\": \"out/arena\", \"prepare\": \"make -C src/Arena out=../../out/arena\"");

        var (pipeline, errors) = Bind(prepared);

        Assert.Empty(errors.Items);
        Assert.Equal(("out/arena", "make -C src/Arena out=../../out/arena"), (pipeline!.Image.Context, pipeline.Image.Prepare));
    }

    [Fact]
    public void Bind_SeveralMistakes_ThrowsOneLinePerErrorInFileOrder()
    {
        var broken = Valid.Replace("\"instances\": 4", "\"instances\": 0").Replace("\"games/arena\"", "\"Games\"");
        var (_, errors) = Bind(broken);

        var message = Assert.Throws<DeliveryException>(errors.ThrowIfAny).Message.Split('\n');

        Assert.Equal(2, message.Length);
        Assert.StartsWith($"{File}:4:19: 'Games' is not a repository name", message[0]);
        Assert.StartsWith($"{File}:10:16: 0 is out of range", message[1]);
    }

    [Fact]
    public void Bind_ZoneUnknownToEnvironment_NamesTheEnvironmentsZones()
    {
        var environment = new DeliveryEnvironment("local", new EcrSpec("000000000000", "us-east-1"),
            new MarathonEndpoint(new Uri("http://127.0.0.1:1")), null, [new("us-east-1a"), new("us-east-1c")]);

        var (_, errors) = Bind(Valid, environment);

        Assert.Equal($"{File}:9:27: zone us-east-1b is not a zone of environment local; expected one of us-east-1a, us-east-1c",
            Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Bind_ZonesAll_DefersToEnvironment()
    {
        var (pipeline, _) = Bind(Valid.Replace("[\"us-east-1a\", \"us-east-1b\"]", "\"all\""));
        var environment = new DeliveryEnvironment("local", new EcrSpec("000000000000", "us-east-1"),
            new MarathonEndpoint(new Uri("http://127.0.0.1:1")), null, [new("us-east-1a"), new("us-east-1b"), new("us-east-1c")]);

        Assert.Null(pipeline!.Zones);
        Assert.Equal(environment.Zones, pipeline.ZonesIn(environment));
    }

    [Fact]
    public void ZonesIn_ZoneMissingFromEnvironment_ThrowsNamingBoth()
    {
        var (pipeline, _) = Bind(Valid);
        var environment = new DeliveryEnvironment("production", new EcrSpec("123456789012", "eu-west-1"),
            new MarathonEndpoint(new Uri("https://m.example.com")), null, [new("eu-west-1a")]);

        var error = Assert.Throws<DeliveryException>(() => pipeline!.ZonesIn(environment));

        Assert.Equal("Tried to use pipeline arena in environment production but failed because zone(s) us-east-1a, us-east-1b are not among its zones eu-west-1a.", error.Message);
    }
}

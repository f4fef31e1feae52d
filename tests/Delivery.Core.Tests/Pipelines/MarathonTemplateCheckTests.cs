using Delivery.Core.Pipelines;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Tests.Pipelines;

public class MarathonTemplateCheckTests
{
    private const string File = "pipelines/marathon/t.json";

    private const string Valid = """
        {
          "id": "/games/lobby",
          "portDefinitions": [{ "port": 0 }],
          "healthChecks": [{ "protocol": "HTTP", "path": "/health", "portIndex": 0 }],
          "upgradeStrategy": { "minimumHealthCapacity": 1, "maximumOverCapacity": 0.5 }
        }
        """;

    [Fact]
    public void Check_ValidTemplate_ReturnsTheStableAppId()
    {
        var errors = new ConfigErrors();

        Assert.Equal("/games/lobby", MarathonTemplateCheck.Check(Valid, File, errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("\"/games/lobby\"", "\"games/lobby\"", "2:9: 'games/lobby' is not an absolute app id; expected an absolute Marathon app id such as /games/lobby (lowercase letters, digits, '-' and '.' per segment)")]
    [InlineData("\"/games/lobby\"", "\"/Games/lobby-\"", "2:9: '/Games/lobby-' is not an absolute app id; expected an absolute Marathon app id such as /games/lobby (lowercase letters, digits, '-' and '.' per segment)")]
    [InlineData("[{ \"protocol\": \"HTTP\", \"path\": \"/health\", \"portIndex\": 0 }]", "[]", "4:19: the template has no health checks; expected a non-empty 'healthChecks' list, e.g. [{\"protocol\": \"HTTP\", \"path\": \"/health\", \"portIndex\": 0}]")]
    [InlineData("\"HTTP\"", "\"GOPHER\"", "4:34: 'GOPHER' is not a health-check protocol; expected one of HTTP, HTTPS, TCP, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND")]
    [InlineData("\"/health\"", "\"health\"", "4:50: 'health' does not start with /; expected a path starting with /, e.g. /health")]
    [InlineData("\"portIndex\": 0", "\"portIndex\": 1", "4:74: portIndex 1 addresses no port (the app has 1); expected a port index from 0 to 0")]
    [InlineData("\"maximumOverCapacity\": 0.5", "\"maximumOverCapacity\": 2", "5:75: maximumOverCapacity 2 is out of range; expected a number from 0.0 to 1.0 (Marathon answers 422 otherwise)")]
    [InlineData("\"minimumHealthCapacity\": 1, ", "", "5:22: upgradeStrategy has no 'minimumHealthCapacity'; expected a number from 0.0 to 1.0")]
    [InlineData("\"id\": \"/games/lobby\",", "\"id\": \"/games/lobby\", \"cmd\": \"x\", \"args\": [],", "2:25: the template has both 'cmd' and 'args'; expected at most one of them (Marathon answers 422 otherwise)")]
    [InlineData("\"id\": \"/games/lobby\",", "\"id\": \"/games/lobby\", \"mem\": 0,", "2:32: mem is not positive; expected a positive number of mem")]
    public void Check_OneMistake_ReportsItAtTheTemplatesLineAndColumn(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);
        var errors = new ConfigErrors();

        Assert.Null(MarathonTemplateCheck.Check(Valid.Replace(find, replace), File, errors));

        Assert.Equal($"{File}:{expected}", Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Check_NotAnObject_SaysWhatATemplateIs()
    {
        var errors = new ConfigErrors();

        Assert.Null(MarathonTemplateCheck.Check("[1]", File, errors));

        Assert.Equal($"{File}:1:1: the template is a list; expected a JSON object: one Marathon app definition", Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Check_KitchenSinkFixtureShape_AcceptsBridgePortMappings()
    {
        // Health check port indices address container port mappings in bridge mode.
        const string bridge = """
            { "id": "/foo", "container": { "type": "DOCKER", "docker": { "network": "BRIDGE",
                "portMappings": [{ "containerPort": 80 }, { "containerPort": 81 }] } },
              "healthChecks": [{ "portIndex": 1 }], "upgradeStrategy": { "minimumHealthCapacity": 0, "maximumOverCapacity": 0 } }
            """;
        var errors = new ConfigErrors();

        Assert.Equal("/foo", MarathonTemplateCheck.Check(bridge, File, errors));
    }
}

using Delivery.Core.Pipelines;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Tests.Pipelines;

public class EnvironmentBinderTests
{
    private const string File = "pipelines/environments/local.yaml";

    private const string Valid = """
        {
          "sandbox": true,
          "marathon": { "url": "http://127.0.0.1:18080", "usernameVariable": "M_USER", "passwordVariable": "M_PASS" },
          "ecr": { "account": "000000000000", "region": "us-east-1", "endpoint": "http://127.0.0.1:18443" },
          "prometheus": "http://127.0.0.1:19090",
          "zones": ["us-east-1a", "us-east-1b"]
        }
        """;

    private static (DeliveryEnvironment?, ConfigErrors) Bind(string json)
    {
        var errors = new ConfigErrors();
        return (EnvironmentBinder.Bind(JsonConfigReader.Read(json, File, errors)!, "local", errors), errors);
    }

    [Fact]
    public void Bind_Valid_MapsEveryKey()
    {
        var (environment, errors) = Bind(Valid);

        Assert.False(errors.Any);
        Assert.Equal(new MarathonEndpoint(new Uri("http://127.0.0.1:18080"), "M_USER", "M_PASS"), environment!.Marathon);
        Assert.Equal(new EcrSpec("000000000000", "us-east-1", new Uri("http://127.0.0.1:18443")), environment.Ecr);
        Assert.True(environment.Sandbox);
        Assert.Equal(2, environment.Zones.Count);
    }

    [Theory]
    [InlineData("\"M_PASS\"", "\"s3cr3t p@ss\"", "3:100: 'passwordVariable' is not an environment variable name; expected the name of an environment variable, e.g. MARATHON_PASSWORD (never the secret itself)")]
    [InlineData("\"sandbox\": true", "\"sandbox\": \"yes\"", "2:14: found 'yes'; expected true or false")]
    [InlineData("\"us-east-1\"", "\"useast\"", "4:49: 'useast' is not an AWS region; expected an AWS region such as us-east-1")]
    [InlineData("\"http://127.0.0.1:19090\"", "\"localhost\"", "5:17: 'localhost' is not a URL; expected an absolute http:// or https:// URL")]
    [InlineData("\"prometheus\"", "\"promethus\"", "5:3: unknown key 'promethus' in the environment (did you mean 'prometheus'?); expected one of name, sandbox, marathon, ecr, prometheus, zones, hooks, notifications, metrics")]
    public void Bind_OneMistake_ReportsItAtItsLineAndColumn(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);

        var (environment, errors) = Bind(Valid.Replace(find, replace));

        Assert.Null(environment);
        Assert.Equal($"{File}:{expected}", Assert.Single(errors.Items).ToString());
    }

    [Fact]
    public void Bind_SecretWrittenAsVariableName_NeverEchoesTheValue()
    {
        var (_, errors) = Bind(Valid.Replace("\"M_PASS\"", "\"hunter2!\""));

        Assert.DoesNotContain("hunter2", Assert.Single(errors.Items).ToString());
    }
}

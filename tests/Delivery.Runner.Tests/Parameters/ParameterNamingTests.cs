using Delivery.Runner.Parameters;

namespace Delivery.Runner.Tests.Parameters;

public sealed class ParameterNamingTests
{
    [Theory]
    [InlineData("App", "app")]
    [InlineData("DockerRegistry", "docker-registry")]
    [InlineData("ECRRegion", "ecr-region")]
    [InlineData("Retry3Times", "retry3-times")]
    [InlineData("dry_run", "dry-run")]
    public void Kebab_MemberNames_BecomeCommandLineSpelling(string name, string expected)
    {
        Assert.Equal(expected, ParameterNaming.Kebab(name));
    }

    [Theory]
    [InlineData("NUKE_DOCKER_REGISTRY", "nukedockerregistry")]
    [InlineData("docker-registry", "dockerregistry")]
    public void Normalize_StripsNonAlphanumericsAndCase(string name, string expected)
    {
        Assert.Equal(expected, ParameterNaming.Normalize(name));
    }
}

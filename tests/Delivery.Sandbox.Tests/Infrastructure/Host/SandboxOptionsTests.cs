using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Host;

namespace Delivery.Sandbox.Tests.Infrastructure.Host;

public sealed class SandboxOptionsTests
{
    [Fact]
    public void Parse_NoArguments_FixedPortsThreeZonesOfTwoAgentsDockerRuntime()
    {
        var options = SandboxOptions.Parse([]);

        Assert.Equal((SandboxPorts.Marathon, SandboxPorts.Ecr, SandboxPorts.EcrRegistry), (options.MarathonPort, options.EcrPort, options.EcrRegistryPort));
        Assert.Equal("docker", options.Runtime);
        Assert.Equal("1", options.SandboxId);
        var agents = options.Agents();
        Assert.Equal(6, agents.Count);
        Assert.Equal(["127.0.1.1", "127.0.1.2"], agents.Where(a => a.Zone == "us-east-1a").Select(a => a.Hostname));
        Assert.Equal(agents.Count, agents.Select(a => a.PortBegin).Distinct().Count());
    }

    [Fact]
    public void Parse_EveryOption_IsTaken()
    {
        var options = SandboxOptions.Parse(["--state-dir", "/tmp/s", "--marathon-port", "28080", "--runtime", "memory", "--zones", "a,b",
            "--agents-per-zone", "1", "--agent-network", "127.0.2", "--registry", SandboxPorts.Url(SandboxPorts.Registry), "--sandbox-id", "t"]);

        Assert.Equal("/tmp/s", options.StateDirectory);
        Assert.Equal("http://127.0.0.1:28080", options.MarathonUrl);
        Assert.Equal("memory", options.Runtime);
        Assert.Equal(["127.0.2.1", "127.0.2.2"], options.Agents().Select(a => a.Hostname));
        Assert.Equal(["a", "b"], options.Agents().Select(a => a.Zone));
        Assert.Equal("t", options.SandboxId);
    }

    [Theory]
    [InlineData(new[] { "--runtime", "podman" }, "--runtime")]
    [InlineData(new[] { "--marathon-port", "zero" }, "--marathon-port")]
    [InlineData(new[] { "--agent-network", "10.0.0" }, "--agent-network")]
    [InlineData(new[] { "--colour", "blue" }, "--colour")]
    [InlineData(new[] { "--state-dir" }, "--state-dir")]
    public void Parse_BadArgument_FailsNamingIt(string[] args, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => SandboxOptions.Parse(args));

        Assert.Contains(named, error.Message);
    }
}

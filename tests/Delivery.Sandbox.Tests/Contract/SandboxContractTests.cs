using System.Text.RegularExpressions;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Contract;

/// <summary>The sandbox's ports are declared once (SandboxPorts); the local environment's file must name the same ones.</summary>
public sealed partial class SandboxContractTests
{
    [Fact]
    public void LocalEnvironment_EveryLoopbackUrl_IsOneOfTheSandboxPorts()
    {
        var yaml = File.ReadAllText(Path.Combine(Repository.Root, "pipelines", "environments", "local.yaml"));

        var named = LoopbackUrl().Matches(yaml).Select(m => m.Value).ToHashSet();

        string[] expected = [.. new[] { SandboxPorts.Marathon, SandboxPorts.Ecr, SandboxPorts.Prometheus, SandboxPorts.Pushgateway }.Select(SandboxPorts.Url)];
        Assert.Equal(expected.Order(), named.Order());
    }

    [Fact]
    public void Status_WrittenAndRead_RoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), "delivery-status-" + Guid.NewGuid().ToString("n")[..8], SandboxStatus.FileName);
        var status = new SandboxStatus(42, DateTimeOffset.UnixEpoch, "memory", new SandboxStatus.Endpoint(SandboxPorts.Url(SandboxPorts.Marathon)),
            null, new SandboxStatus.Endpoint(SandboxPorts.Url(SandboxPorts.Prometheus)),
            new SandboxStatus.Endpoint(SandboxPorts.Url(SandboxPorts.Ecr), "key", "secret", "us-east-1") { RegistryUrl = SandboxPorts.Url(SandboxPorts.EcrRegistry) },
            [new SandboxStatus.Agent("agent-1", "127.0.1.1", "us-east-1", "us-east-1a")]);
        try
        {
            status.WriteTo(path);

            var read = SandboxStatus.TryRead(path);

            Assert.NotNull(read);
            Assert.Equal(status with { Agents = read.Agents }, read);
            Assert.Equal(status.Agents, read.Agents);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Status_NoFile_IsNull() =>
        Assert.Null(SandboxStatus.TryRead(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"), SandboxStatus.FileName)));

    [GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+")]
    private static partial Regex LoopbackUrl();
}

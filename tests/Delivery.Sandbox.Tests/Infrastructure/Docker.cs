using Docker.DotNet;

namespace Delivery.Sandbox.Tests.Infrastructure;

public static class DockerClients
{
    public static DockerClient Create() =>
        Delivery.Sandbox.Marathon.Runtime.SandboxDockerClient.Connect();
}

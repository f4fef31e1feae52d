using Docker.DotNet;

namespace Delivery.Sandbox.Tests.Infrastructure;

public static class DockerClients
{
    public static DockerClient Create() =>
        new DockerClientConfiguration(new Uri(Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unix:///var/run/docker.sock")).CreateClient();
}

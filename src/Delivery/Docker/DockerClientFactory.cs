using Docker.DotNet;

namespace Delivery.Docker;

/// <summary>Connects to the Docker engine named by <c>DOCKER_HOST</c>, else the local socket.</summary>
public static class DockerClientFactory
{
    public static DockerClient Connect()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var uri = string.IsNullOrWhiteSpace(host)
            ? new Uri(OperatingSystem.IsWindows() ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock")
            : new Uri(host);
        return new DockerClientConfiguration(uri).CreateClient();
    }
}

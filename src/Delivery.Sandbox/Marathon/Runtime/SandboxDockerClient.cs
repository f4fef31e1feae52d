using Docker.DotNet;

namespace Delivery.Sandbox.Marathon.Runtime;

/// <summary>
/// Connects to the Docker engine named by <c>DOCKER_HOST</c>, else the local socket: the one way the sandbox (its task
/// runtime) and its tests reach Docker. Delivery has its own DockerClientFactory because the sandbox must not reference
/// the engine, nor the engine the sandbox (each stands in for the other's outside world).
/// </summary>
public static class SandboxDockerClient
{
    public static DockerClient Connect()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return new DockerClientConfiguration(new Uri(string.IsNullOrWhiteSpace(host) ? "unix:///var/run/docker.sock" : host)).CreateClient();
    }
}

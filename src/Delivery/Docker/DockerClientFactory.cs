using Docker.DotNet;

namespace Delivery.Docker;

/// <summary>
/// Connects to the Docker engine named by <c>DOCKER_HOST</c>, else the local socket: the one way the engine and the
/// build program (which bakes the sandbox's base images through it) reach Docker. The sandbox has its own
/// (Delivery.Sandbox's SandboxDockerClient) because it must not reference the engine, nor the engine the sandbox.
/// </summary>
public static class DockerClientFactory
{
    /// <param name="timeout">Of one call to the engine; default Docker.DotNet's (100 s). A long image build wants more.</param>
    public static DockerClient Connect(TimeSpan? timeout = null)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var uri = string.IsNullOrWhiteSpace(host)
            ? new Uri(OperatingSystem.IsWindows() ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock")
            : new Uri(host);
        return timeout is { } limit
            ? new DockerClientConfiguration(uri, defaultTimeout: limit).CreateClient()
            : new DockerClientConfiguration(uri).CreateClient();
    }
}

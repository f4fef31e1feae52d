using Delivery.Runner;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace LocalSandbox;

/// <summary>Stops what the sandbox started, by pid, and removes containers that carry the sandbox label.</summary>
public static class SandboxTeardown
{
    /// <summary>Label put on every task container by the sandbox's Docker runtime.</summary>
    public const string ContainerLabel = "delivery.sandbox";

    public static async Task<IReadOnlyList<string>> RunAsync(SandboxLayout layout, IBuildLog log, CancellationToken cancellationToken)
    {
        var stopped = new List<string>();
        // The host first: it stops its own containers on SIGTERM, and nothing should scrape or pull meanwhile.
        foreach (var name in new[] { "host", "prometheus", "pushgateway", "registry" })
        {
            var process = new DetachedProcess(name, layout);
            var pid = process.Pid;
            if (await process.StopAsync(TimeSpan.FromSeconds(20), cancellationToken))
            {
                stopped.Add($"{name} (pid {pid})");
                log.Information($"Stopped the sandbox's {name} (pid {pid})");
            }
        }
        File.Delete(layout.StatusFile);

        if (await DockerDaemon.IsRunningAsync(cancellationToken))
        {
            using var docker = DockerDaemon.CreateClient();
            var removed = await RemoveContainersAsync(docker, layout.SandboxId, cancellationToken);
            if (removed > 0)
            {
                stopped.Add($"{removed} task containers");
                log.Information($"Removed {removed} leftover task containers labelled {ContainerLabel}={layout.SandboxId}");
            }
        }
        // dockerd goes last, and only when the sandbox started it: a Docker engine that was already running is not ours.
        var dockerd = new DetachedProcess("dockerd", layout);
        var dockerdPid = dockerd.Pid;
        if (await dockerd.StopAsync(TimeSpan.FromSeconds(20), cancellationToken))
        {
            stopped.Add($"dockerd (pid {dockerdPid})");
            log.Information($"Stopped the Docker engine the sandbox had started (pid {dockerdPid})");
        }
        return stopped;
    }

    public static async Task<int> RemoveContainersAsync(IDockerClient docker, string sandboxId, CancellationToken cancellationToken)
    {
        var ours = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabel}={sandboxId}"] = true } },
        }, cancellationToken);
        foreach (var container in ours)
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed meanwhile (the host's own shutdown): nothing left to do.
            }
        }
        return ours.Count;
    }
}

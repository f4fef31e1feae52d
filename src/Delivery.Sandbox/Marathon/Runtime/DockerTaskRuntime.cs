using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Marathon.Runtime;

/// <param name="PullAuth">Credentials for pulling an image (the ECR emulator's token later); null pulls anonymously.</param>
/// <param name="KillGracePeriod">Between SIGTERM and SIGKILL, as Marathon's taskKillGracePeriodSeconds.</param>
/// <param name="SandboxId">Value of the <c>delivery.sandbox</c> label, so that one sandbox's cleanup spares no other's containers and touches nothing else.</param>
public sealed record DockerTaskRuntimeOptions(
    Func<string, AuthConfig?> PullAuth,
    TimeSpan KillGracePeriod,
    string SandboxId = "1",
    int LogTailLines = 20,
    string? CommandImage = "delivery/debian:bookworm")
{
    public static DockerTaskRuntimeOptions Default { get; } = new(_ => null, TimeSpan.FromSeconds(5));
}

/// <summary>
/// Runs each Marathon task as a real Docker container, the way Mesos's Docker containerizer does: host networking
/// (the emulator assigns the host ports), Marathon's environment, memory and cpu-share limits from the app.
/// Containers carry <see cref="SandboxLabel"/> and <see cref="TaskIdLabel"/> so that they can be found and removed
/// without any pid or memory of this process.
/// </summary>
public sealed class DockerTaskRuntime(IDockerClient docker, DockerTaskRuntimeOptions options, ILogger<DockerTaskRuntime> logger) : ITaskRuntime
{
    public const string SandboxLabel = "delivery.sandbox";
    public const string TaskIdLabel = "delivery.sandbox.task-id";
    public const string AppIdLabel = "delivery.sandbox.app-id";

    // Mesos gives 1024 cpu shares per cpu and never fewer than 2 (the kernel's minimum).
    private const int SharesPerCpu = 1024;
    private const long MinimumMemoryBytes = 6 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, RunningTask> _tasks = new();
    private readonly CancellationTokenSource _disposing = new();

    public string Name => "docker";

    public event Action<TaskExit>? TaskExited;

    public async Task LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
    {
        // A command task (no container image) runs on a Mesos agent's own OS through the command executor; here the
        // agent's OS is the sandbox's local Debian image, with the same host networking.
        var image = launch.Image is { Length: > 0 } containerImage ? containerImage : options.CommandImage
            ?? throw new InvalidOperationException($"Tried to launch task {launch.TaskId} of {launch.AppId} in Docker but the app has no container.docker.image and no image for command tasks is set");
        RefuseWhenStopping(launch.TaskId);
        await EnsureImageAsync(launch.TaskId, image, launch.ForcePullImage, cancellationToken);

        var created = await docker.Containers.CreateContainerAsync(ContainerFor(launch, image), cancellationToken);
        var task = new RunningTask(launch.TaskId, created.ID);
        _tasks[launch.TaskId] = task;
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException e)
        {
            _tasks.TryRemove(launch.TaskId, out _);
            await RemoveQuietlyAsync(created.ID);
            throw new InvalidOperationException($"Tried to start the container of task {launch.TaskId} from {image} but Docker refused: {(int)e.StatusCode} {e.ResponseBody.Trim()}", e);
        }
        // The host may have begun stopping while this container started: it must not outlive the sweep in DisposeAsync.
        if (_disposing.IsCancellationRequested && _tasks.TryRemove(launch.TaskId, out _))
        {
            await RemoveQuietlyAsync(created.ID);
            RefuseWhenStopping(launch.TaskId);
        }
        logger.LogInformation("Task {TaskId} running in container {Container} from {Image}", launch.TaskId, created.ID[..12], image);
        _ = WatchAsync(task);
    }

    private void RefuseWhenStopping(string taskId)
    {
        if (_disposing.IsCancellationRequested)
            throw new InvalidOperationException($"Tried to launch task {taskId} but the sandbox host is stopping");
    }

    public async Task KillAsync(string taskId, CancellationToken cancellationToken)
    {
        var containerId = _tasks.TryRemove(taskId, out var task)
            ? task.MarkKilled().ContainerId
            : await FindContainerAsync(taskId, cancellationToken);
        if (containerId is null)
            return;
        try
        {
            await docker.Containers.StopContainerAsync(containerId,
                new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(options.KillGracePeriod.TotalSeconds) }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }
        await RemoveQuietlyAsync(containerId);
    }

    /// <summary>HTTP and TCP checks go over the network to host:port as Marathon's own checker does; COMMAND runs inside the container.</summary>
    public async Task<ProbeResult> ProbeAsync(string taskId, ProbeRequest probe, CancellationToken cancellationToken)
    {
        if (!probe.Protocol.Equals("COMMAND", StringComparison.OrdinalIgnoreCase))
            return await NetworkProbe.Shared.ProbeAsync(probe, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        try
        {
            return await ProbeCommandAsync(taskId, probe, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Fail($"command check of task {taskId} did not finish within {probe.Timeout.TotalSeconds:0.#}s");
        }
        catch (DockerApiException e)
        {
            return ProbeResult.Fail($"command check of task {taskId} could not run: {e.Message}");
        }
    }

    /// <summary>Removes the containers a previous run of this sandbox left behind (a crash skips <see cref="DisposeAsync"/>).</summary>
    public async Task<int> RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var leftovers = await ListOursAsync(null, cancellationToken);
        foreach (var container in leftovers)
            await RemoveQuietlyAsync(container.ID);
        return leftovers.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        var running = _tasks.Values.ToList();
        _tasks.Clear();
        await Task.WhenAll(running.Select(async t =>
        {
            t.MarkKilled();
            try
            {
                await docker.Containers.StopContainerAsync(t.ContainerId, new ContainerStopParameters { WaitBeforeKillSeconds = 2 });
            }
            catch (DockerApiException)
            {
                // Already gone or stopping: removal below settles it either way.
            }
            await RemoveQuietlyAsync(t.ContainerId);
        }));
    }

    private CreateContainerParameters ContainerFor(TaskLaunch launch, string image)
    {
        var labels = new Dictionary<string, string>(launch.Labels)
        {
            [SandboxLabel] = options.SandboxId,
            [TaskIdLabel] = launch.TaskId,
            [AppIdLabel] = launch.AppId,
        };
        return new CreateContainerParameters
        {
            Name = ContainerName(launch.TaskId),
            Image = image,
            Env = launch.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = labels,
            // Mesos's Docker containerizer runs a shell command through /bin/sh -c in place of the entrypoint,
            // and passes args to the image's own entrypoint.
            Entrypoint = launch.Cmd is { Length: > 0 } ? ["/bin/sh", "-c"] : null,
            Cmd = launch.Cmd is { Length: > 0 } cmd ? [cmd] : launch.Args?.ToList(),
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                Memory = launch.MemMb > 0 ? Math.Max(MinimumMemoryBytes, (long)(launch.MemMb * 1024 * 1024)) : 0,
                CPUShares = launch.Cpus > 0 ? Math.Max(2, (long)(launch.Cpus * SharesPerCpu)) : 0,
            },
        };
    }

    /// <summary>Docker names allow [a-zA-Z0-9_.-]; Marathon task ids already fit, the prefix says who made it.</summary>
    internal static string ContainerName(string taskId) =>
        "mesos-" + new string(taskId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_').ToArray());

    // Docker's rule: the first path component names a registry when it has a dot or a port, or is "localhost";
    // otherwise the image lives on Docker Hub.
    private static bool IsOnLoopbackRegistry(string image)
    {
        var slash = image.IndexOf('/');
        if (slash <= 0) return false;
        var first = image[..slash];
        if (!(first.Contains('.') || first.Contains(':') || first == "localhost")) return false;
        var host = first.Contains(':') && !first.StartsWith('[') ? first[..first.LastIndexOf(':')] : first;
        return host == "localhost" || System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address);
    }

    private async Task EnsureImageAsync(string taskId, string image, bool forcePull, CancellationToken cancellationToken)
    {
        if (!forcePull && await ImageExistsAsync(image, cancellationToken))
            return;
        if (!IsOnLoopbackRegistry(image))
            throw new InvalidOperationException($"Tried to pull {image} for task {taskId} but the sandbox pulls only from registries on 127.0.0.0/8 (it sends no traffic off this machine); push the image to the sandbox's registry first");
        var (repository, tagOrDigest) = SplitImage(image);
        var auth = options.PullAuth(image);
        string? pullError = null;
        var progress = new Progress<JSONMessage>(m => pullError ??= m.Error?.Message ?? m.ErrorMessage);
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tagOrDigest },
                auth, progress, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw new InvalidOperationException($"Tried to pull {image} for task {taskId} but the registry refused: {(int)e.StatusCode} {e.ResponseBody.Trim()}", e);
        }
        // Progress<T> posts to the thread pool, so an error message may land after the call returned.
        if (!await ImageExistsAsync(image, cancellationToken))
            throw new InvalidOperationException($"Tried to pull {image} for task {taskId} but it did not arrive: {pullError ?? "no error reported by Docker"}");
        logger.LogInformation("Pulled {Image} for task {TaskId}{Auth}", image, taskId, auth is null ? "" : " with registry credentials");
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Splits <c>host:port/repo:tag</c> or <c>repo@sha256:…</c> into what the pull API wants.</summary>
    internal static (string Repository, string TagOrDigest) SplitImage(string image)
    {
        var at = image.IndexOf('@');
        if (at >= 0)
            return (image[..at], image[(at + 1)..]);
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private async Task WatchAsync(RunningTask task)
    {
        try
        {
            var exit = await docker.Containers.WaitContainerAsync(task.ContainerId, _disposing.Token);
            if (task.Killed || _disposing.IsCancellationRequested)
                return;
            _tasks.TryRemove(task.TaskId, out _);
            var inspect = await docker.Containers.InspectContainerAsync(task.ContainerId);
            var tail = await LogTailAsync(task.ContainerId);
            await RemoveQuietlyAsync(task.ContainerId);
            var code = (int)exit.StatusCode;
            var state = code == 0 ? "TASK_FINISHED" : "TASK_FAILED";
            var cause = inspect.State.OOMKilled ? "Memory limit exceeded" : $"Container exited with status {code}";
            logger.LogInformation("Task {TaskId} ended on its own: {Cause}", task.TaskId, cause);
            TaskExited?.Invoke(new TaskExit(task.TaskId, state, code, tail.Length > 0 ? $"{cause}; last output: {tail}" : cause));
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Lost track of the container of task {TaskId}", task.TaskId);
            if (!task.Killed && _tasks.TryRemove(task.TaskId, out _))
                TaskExited?.Invoke(new TaskExit(task.TaskId, "TASK_LOST", null, $"Docker stopped reporting on the container: {e.Message}"));
        }
    }

    private async Task<string> LogTailAsync(string containerId)
    {
        try
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(containerId, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = options.LogTailLines.ToString() });
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
            return string.Join(" | ", (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(options.LogTailLines));
        }
        catch (DockerApiException)
        {
            return "";
        }
    }

    private async Task<ProbeResult> ProbeCommandAsync(string taskId, ProbeRequest probe, CancellationToken cancellationToken)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
            return ProbeResult.Fail($"task {taskId} has no running container");
        var exec = await docker.Exec.ExecCreateContainerAsync(task.ContainerId,
            new ContainerExecCreateParameters { Cmd = ["/bin/sh", "-c", probe.Command ?? "true"], AttachStdout = true, AttachStderr = true }, cancellationToken);
        using (var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, cancellationToken))
            await stream.ReadOutputToEndAsync(cancellationToken);
        var result = await docker.Exec.InspectContainerExecAsync(exec.ID, cancellationToken);
        return result.ExitCode == 0 ? ProbeResult.Pass : ProbeResult.Fail($"command exited with status {result.ExitCode}");
    }

    private async Task<string?> FindContainerAsync(string taskId, CancellationToken cancellationToken) =>
        (await ListOursAsync(taskId, cancellationToken)).FirstOrDefault()?.ID;

    private async Task<IList<ContainerListResponse>> ListOursAsync(string? taskId, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool> { [$"{SandboxLabel}={options.SandboxId}"] = true };
        if (taskId is not null)
            labels[$"{TaskIdLabel}={taskId}"] = true;
        return await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels },
        }, cancellationToken);
    }

    private async Task RemoveQuietlyAsync(string containerId)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerApiException e) when (e is DockerContainerNotFoundException || e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Not found: already removed. Conflict: removal already in progress.
        }
    }

    private sealed class RunningTask(string taskId, string containerId)
    {
        private volatile bool _killed;

        public string TaskId { get; } = taskId;
        public string ContainerId { get; } = containerId;
        public bool Killed => _killed;

        public RunningTask MarkKilled()
        {
            _killed = true;
            return this;
        }
    }
}

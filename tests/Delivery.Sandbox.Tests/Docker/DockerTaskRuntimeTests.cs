using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Infrastructure;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>The Docker runtime on its own, against the real engine and the sandbox registry, with the lobby image.</summary>
[Trait("Category", "Docker")]
public sealed class DockerTaskRuntimeTests(LobbyFixture lobby) : IClassFixture<LobbyFixture>, IAsyncLifetime
{
    private readonly DockerTaskRuntime _runtime = new(lobby.Docker, DockerTaskRuntimeOptions.Default with { KillGracePeriod = TimeSpan.FromSeconds(2), SandboxId = "runtime-tests" },
        NullLogger<DockerTaskRuntime>.Instance);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    public Task InitializeAsync() => _runtime.RemoveLeftoversAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task LaunchAsync_LobbyImage_ServesHealthOnTheAssignedHostAndPort()
    {
        var launch = Launch(lobby.GoodImage);

        await _runtime.LaunchAsync(launch, _timeout.Token);

        var result = await EventuallyAsync(() => _runtime.ProbeAsync(launch.TaskId, Http(launch), _timeout.Token), r => r.Healthy);
        Assert.True(result.Healthy, result.Cause);
        var container = await ContainerOfAsync(launch.TaskId);
        Assert.NotNull(container);
        Assert.Equal("runtime-tests", container.Labels[DockerTaskRuntime.SandboxLabel]);
        Assert.Equal("games", container.Labels["team"]);
    }

    [Fact]
    public async Task LaunchAsync_ResourcesOfTheApp_BecomeMemoryLimitAndCpuShares()
    {
        var launch = Launch(lobby.GoodImage) with { Cpus = 0.5, MemMb = 256 };

        await _runtime.LaunchAsync(launch, _timeout.Token);

        var container = await ContainerOfAsync(launch.TaskId);
        var inspect = await lobby.Docker.Containers.InspectContainerAsync(container!.ID, _timeout.Token);
        Assert.Equal(256L * 1024 * 1024, inspect.HostConfig.Memory);
        Assert.Equal(512, inspect.HostConfig.CPUShares);
        Assert.Equal("host", inspect.HostConfig.NetworkMode);
        Assert.Contains($"PORT0={launch.Ports[0]}", inspect.Config.Env);
    }

    [Fact]
    public async Task LaunchAsync_ReleaseThatCrashesOnStart_ReportsTaskFailedWithExitCodeAndLastOutput()
    {
        var image = await lobby.Images.WithFaultsAsync("""{"crashOnStart": true}""", _timeout.Token);
        var exited = new TaskCompletionSource<TaskExit>();
        _runtime.TaskExited += e => exited.TrySetResult(e);
        var launch = Launch(image);

        await _runtime.LaunchAsync(launch, _timeout.Token);

        var exit = await exited.Task.WaitAsync(_timeout.Token);
        Assert.Equal(launch.TaskId, exit.TaskId);
        Assert.Equal("TASK_FAILED", exit.State);
        Assert.Equal(3, exit.ExitCode);
        Assert.Contains("crash on start", exit.Message);
        Assert.Null(await ContainerOfAsync(launch.TaskId));
    }

    [Fact]
    public async Task ProbeAsync_ReleaseUnhealthyAfterZeroSeconds_FailsWithTheHttpStatus()
    {
        var image = await lobby.Images.WithFaultsAsync("""{"unhealthyAfterSeconds": 0}""", _timeout.Token);
        var launch = Launch(image);
        await _runtime.LaunchAsync(launch, _timeout.Token);

        var result = await EventuallyAsync(() => _runtime.ProbeAsync(launch.TaskId, Http(launch), _timeout.Token), r => r.Cause?.Contains("503") == true);

        Assert.False(result.Healthy);
        Assert.Contains("503", result.Cause);
    }

    [Fact]
    public async Task KillAsync_RunningTask_RemovesItsContainerWithoutReportingAnExit()
    {
        var exits = new List<TaskExit>();
        _runtime.TaskExited += exits.Add;
        var launch = Launch(lobby.GoodImage);
        await _runtime.LaunchAsync(launch, _timeout.Token);

        await _runtime.KillAsync(launch.TaskId, _timeout.Token);

        Assert.Null(await ContainerOfAsync(launch.TaskId));
        Assert.Empty(exits);
        var probe = await _runtime.ProbeAsync(launch.TaskId, Http(launch) with { Timeout = TimeSpan.FromSeconds(1) }, _timeout.Token);
        Assert.False(probe.Healthy);
    }

    [Fact]
    public async Task KillAsync_UnknownTask_IsANoOp()
    {
        await _runtime.KillAsync("games_nothing.instance-none._app.1", _timeout.Token);

        Assert.Null(await ContainerOfAsync("games_nothing.instance-none._app.1"));
    }

    [Fact]
    public async Task LaunchAsync_ImageMissingFromTheRegistry_FailsNamingTheImage()
    {
        var missing = $"{lobby.Sandbox.RegistryAddress}/sandbox-tests/absent:never-pushed";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _runtime.LaunchAsync(Launch(missing), _timeout.Token));

        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData("nginx:1.27")]
    [InlineData("registry.example.com/games/lobby:1")]
    [InlineData("10.0.0.5:5000/games/lobby:1")]
    public async Task LaunchAsync_ImageOffThisMachine_RefusedWithoutAPull(string image)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _runtime.LaunchAsync(Launch(image), _timeout.Token));

        Assert.Contains("127.0.0.0/8", error.Message);
        Assert.Contains(image, error.Message);
    }

    private static TaskLaunch Launch(string image)
    {
        var port = Ports.Free();
        var taskId = $"tests_lobby.instance-{Guid.NewGuid():n}._app.1";
        return new TaskLaunch(taskId, "/tests/lobby", "2026-11-26T00:00:00.000Z", "127.0.0.1", [port], image, null, null,
            new Dictionary<string, string> { ["PORT0"] = port.ToString(), ["HOST"] = "127.0.0.1", ["MESOS_TASK_ID"] = taskId },
            new Dictionary<string, string> { ["team"] = "games" }, 0.25, 128, false);
    }

    private static ProbeRequest Http(TaskLaunch launch) => new("HTTP", launch.Host, launch.Ports[0], "/health", TimeSpan.FromSeconds(2), false, null);

    private async Task<ContainerListResponse?> ContainerOfAsync(string taskId) =>
        (await lobby.Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerTaskRuntime.TaskIdLabel}={taskId}"] = true } },
        }, _timeout.Token)).FirstOrDefault();

    /// <summary>Polls until the condition holds (a started process needs a moment to listen), bounded by the test's timeout.</summary>
    private async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        while (true)
        {
            var value = await read();
            if (done(value) || _timeout.IsCancellationRequested)
                return value;
            await Task.Delay(200, _timeout.Token);
        }
    }
}

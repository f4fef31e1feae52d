using System.Diagnostics;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>
/// A second sandbox host, on its own ports, agents (127.0.2.x) and container label, stopped with SIGTERM as
/// SandboxDown does: it must leave neither its status file nor any container behind, and exit cleanly. When the test
/// fails first, the host is killed (SIGKILL, no clean-up of its own) and the test removes that host's containers.
/// </summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Docker")]
public sealed class SandboxHostShutdownTests(LobbyFixture lobby) : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "delivery-sandbox-shutdown-" + Guid.NewGuid().ToString("n")[..8]);
    private readonly string _sandboxId = "shutdown-" + Guid.NewGuid().ToString("n")[..6];
    private readonly CancellationTokenSource _budget = new(TimeSpan.FromMinutes(2));
    private Process? _host;

    [Fact]
    public async Task SigTerm_HostWithARunningTask_RemovesItsContainerAndStatusAndExitsZero()
    {
        var port = Ports.Free();
        var host = StartHost(port);
        var status = SandboxStatus.PathIn(_state);
        while (!File.Exists(status) && !host.HasExited)
            await Task.Delay(100, _budget.Token);
        Assert.False(host.HasExited, "the host exited before it was ready");
        using var marathon = new MarathonClient($"http://127.0.0.1:{port}");
        var id = LobbyApps.NewId("shutdown");
        var definition = LobbyApps.Definition(id, lobby.GoodImage, instances: 1);
        definition.Remove("constraints");
        await marathon.CreateAsync(definition, _budget.Token);
        await marathon.WaitForAsync(id, "a running task", app => app.GetProperty("tasksRunning").GetInt32() == 1, _budget.Token);
        Assert.Single(await OurContainersAsync());

        using (var kill = Process.Start("kill", ["-TERM", host.Id.ToString()]))
            await kill.WaitForExitAsync(_budget.Token);
        await host.WaitForExitAsync(_budget.Token);

        Assert.Equal(0, host.ExitCode);
        Assert.False(File.Exists(status));
        Assert.Empty(await OurContainersAsync());
    }

    private Process StartHost(int marathonPort)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Delivery.Sandbox.dll");
        var start = new ProcessStartInfo("dotnet",
        [
            dll, "--state-dir", _state, "--marathon-port", marathonPort.ToString(),
            "--ecr-port", Ports.Free().ToString(), "--ecr-registry-port", Ports.Free().ToString(),
            "--registry", lobby.Sandbox.RegistryUrl, "--runtime", "docker",
            "--zones", "us-east-1a", "--agents-per-zone", "1", "--agent-network", "127.0.2", "--sandbox-id", _sandboxId,
        ]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = _host = Process.Start(start)!;
        // Drain the output so that a chatty host never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<IList<ContainerListResponse>> OurContainersAsync(CancellationToken? cancellationToken = null) =>
        await lobby.Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerTaskRuntime.SandboxLabel}={_sandboxId}"] = true } },
        }, cancellationToken ?? _budget.Token);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // A failed assertion must not leave the second host running: stop it by its pid.
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }
        _host?.Dispose();
        _budget.Dispose();
        // A killed host removes nothing: its containers (by its own label, never the sandbox's) go here.
        using var cleanUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var container in await OurContainersAsync(cleanUp.Token))
        {
            try
            {
                await lobby.Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cleanUp.Token);
            }
            catch (global::Docker.DotNet.DockerContainerNotFoundException)
            {
                // Gone meanwhile (the host's own stop got there first).
            }
        }
        if (Directory.Exists(_state))
            Directory.Delete(_state, recursive: true);
    }
}

using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Marathon.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Host;

/// <summary>
/// Start: removes task containers a crashed earlier run left behind; once Kestrel listens, writes status.json
/// (so "status.json exists" means "ready"). Stop (SIGTERM, Ctrl+C): removes status.json first, then stops every
/// task container, so that nothing of the sandbox outlives its host.
/// </summary>
public sealed class SandboxLifecycle(
    SandboxOptions options,
    Func<SandboxStatus> status,
    ITaskRuntime runtime,
    IHostApplicationLifetime lifetime,
    ILogger<SandboxLifecycle> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (runtime is DockerTaskRuntime docker && await docker.RemoveLeftoversAsync(cancellationToken) is var removed and > 0)
            logger.LogWarning("Removed {Count} task containers left by an earlier sandbox host", removed);
        lifetime.ApplicationStarted.Register(() =>
        {
            status().WriteTo(options.StatusFile);
            logger.LogInformation("Sandbox host ready: Marathon {Url}, {Runtime} runtime, status in {File}", options.MarathonUrl, runtime.Name, options.StatusFile);
        });
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        File.Delete(options.StatusFile);
        logger.LogInformation("Stopping the sandbox host: removing its task containers");
        await runtime.DisposeAsync();
    }
}

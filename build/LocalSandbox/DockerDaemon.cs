using Delivery.Runner;
using Docker.DotNet;

namespace LocalSandbox;

/// <summary>
/// The local Docker engine. When it is not running and we are root, the sandbox starts it loopback-only:
/// no bridge, no iptables rules, no masquerading, so no container traffic can leave the machine.
/// </summary>
public static class DockerDaemon
{
    public const string StartCommand = "dockerd --bridge=none --iptables=false --ip-masq=false";

    // Base images are built through this client: five minutes, not the default 100 s.
    public static DockerClient CreateClient() => Delivery.Docker.DockerClientFactory.Connect(TimeSpan.FromMinutes(5));

    public static async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await client.System.PingAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or DockerApiException or IOException
                                      or System.Net.Sockets.SocketException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task EnsureRunningAsync(SandboxLayout layout, IBuildLog log, CancellationToken cancellationToken)
    {
        if (await IsRunningAsync(cancellationToken))
            return;
        if (!Prerequisites.IsRoot)
            throw new InvalidOperationException($"Tried to reach the Docker engine but it is not running; start it with: sudo {StartCommand} &");

        log.Information($"Starting the Docker engine: {StartCommand}");
        var dockerd = new DetachedProcess("dockerd", layout);
        await dockerd.StartAsync(ProcessRunner.Which("dockerd") ?? "dockerd", ["--bridge=none", "--iptables=false", "--ip-masq=false"], cancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await IsRunningAsync(cancellationToken))
        {
            if (!dockerd.IsRunning || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Tried to start the Docker engine but it did not answer within 30 s; its log ends with:\n{dockerd.LogTail()}");
            await Task.Delay(250, cancellationToken);
        }
    }
}

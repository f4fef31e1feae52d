using Delivery.Runner;
using LocalSandbox;

/// <summary>
/// The local sandbox: the Marathon and ECR emulators (one host process), Debian's docker-registry, Prometheus
/// discovering tasks through the emulator, and the local base images. Everything binds to 127.0.0.1.
/// </summary>
partial class Build
{
    [Parameter("State folder of the sandbox (pids, logs, registry storage, Prometheus data). Default: .nuke/temp/sandbox.")]
    readonly string? SandboxDir;

    [Parameter("Port of the Marathon emulator.")]
    readonly int MarathonPort = 18080;

    [Parameter("Port of the OCI registry behind the ECR emulator.")]
    readonly int RegistryPort = 15000;

    [Parameter("Port of Prometheus.")]
    readonly int PrometheusPort = 19090;

    [Parameter("Port of the Prometheus Pushgateway that runs push their delivery metrics to.")]
    readonly int PushgatewayPort = 19091;

    [Parameter("Port of the ECR emulator.")]
    readonly int EcrPort = 18443;

    [Parameter("Port of the ECR emulator's registry endpoint (proxyEndpoint), in front of the OCI registry.")]
    readonly int EcrRegistryPort = 18444;

    [Parameter("Status targets print machine-readable JSON instead of lines (SandboxStatus: endpoints and the sandbox's test credentials).")]
    readonly bool Json;

    [Parameter("SandboxPlayers: the service label of the apps to load (service==NAME), e.g. lobby.")]
    readonly string PlayersService = "lobby";

    [Parameter("SandboxPlayers: requests per second over all tasks of the service (at most 200).")]
    readonly double PlayersRate = 20;

    [Parameter("SandboxPlayers: how long the players play, e.g. 60s (at most 30m).")]
    readonly TimeSpan PlayersDuration = TimeSpan.FromSeconds(60);

    SandboxLayout SandboxLayout => new(
        Path.GetFullPath(SandboxDir ?? Environment.GetEnvironmentVariable("DELIVERY_SANDBOX_DIR") ?? TemporaryDirectory / "sandbox"),
        new SandboxPorts(MarathonPort, RegistryPort, PrometheusPort, EcrPort, EcrRegistryPort, PushgatewayPort));

    public Target Sandbox => _ => _
        .Description("Starts the local sandbox (idempotent): Docker engine, registry, base images, Marathon/ECR emulators, Pushgateway, Prometheus.")
        .Executes(StartSandboxAsync);

    /// <summary>The Sandbox target's work, which SandboxIfDown does too when it finds the sandbox down.</summary>
    async Task StartSandboxAsync(CancellationToken ct)
    {
        var layout = SandboxLayout;
        layout.Create();
        await Prerequisites.EnsureInstalledAsync(Log, ct);
        await DockerDaemon.EnsureRunningAsync(layout, Log, ct);
        using (var docker = DockerDaemon.CreateClient())
            ReportSummary("Base image", await new BaseImages(layout, docker, Log).EnsureAsync(ct));
        await new RegistryComponent(layout).EnsureRunningAsync(Log, ct);
        var host = await new HostComponent(layout, RootDirectory).EnsureRunningAsync(Log, ct);
        await new PushgatewayComponent(layout).EnsureRunningAsync(Log, ct);
        await new PrometheusComponent(layout).EnsureRunningAsync(host, Log, ct);

        Log.Information($"Sandbox up (state in {layout.StateDirectory}):");
        Log.Information($"  marathon    {layout.MarathonUrl}");
        Log.Information($"  registry    {layout.RegistryUrl}");
        Log.Information($"  prometheus  {layout.PrometheusUrl}");
        Log.Information($"  pushgateway {layout.PushgatewayUrl}");
        Log.Information($"  ecr         {host.Ecr?.Url ?? "(not served)"} (registry {host.Ecr?.RegistryUrl ?? "-"})");
        ReportSummary("Marathon", layout.MarathonUrl);
    }

    public Target SandboxDown => _ => _
        .Description("Stops what Sandbox started (by pid) and removes the sandbox's task containers (by label).")
        .Executes(async ct =>
        {
            var stopped = await SandboxTeardown.RunAsync(SandboxLayout, Log, ct);
            ReportSummary("Stopped", stopped.Count == 0 ? "nothing was running" : string.Join(", ", stopped));
        });

    public Target SandboxStatus => _ => _
        .Description("Shows whether the sandbox runs and its endpoints; --json prints them machine-readably.")
        .Executes(async ct =>
        {
            var layout = SandboxLayout;
            var components = await SandboxStatusReport.ProbeAsync(layout, ct);
            if (Json)
            {
                // Plain stdout, not the log: scripts parse this.
                Console.Out.WriteLine(SandboxStatusReport.Json(layout, components, HostStatus.TryRead(layout.StatusFile)));
                return;
            }
            foreach (var c in components)
                Log.Information($"  {c.Name,-11} {c.Endpoint,-26} {(c.Running ? $"running (pid {c.Pid})" : "down")}");
            ReportSummary("Sandbox", components.All(c => c.Running) ? "up" : "down: run ./build.sh Sandbox");
        });

    public Target SandboxPlayers => _ => _
        .Description("Plays the players: a steady request rate over every task of a service (both tracks) for a bounded time.")
        .Executes(async ct =>
        {
            Log.Information($"Players on service {PlayersService}: {PlayersRate} requests/s for {PlayersDuration.TotalSeconds:0} s");
            var report = await PlayersClient.RunAsync(SandboxLayout, PlayersService, PlayersRate, PlayersDuration,
                progress => Log.Information($"  {PlayersClient.Describe(progress)}"), ct);
            Log.Information($"Players done: {PlayersClient.Describe(report)}");
            ReportSummary("Sent", report.GetProperty("sent").ToString());
            ReportSummary("5xx", report.GetProperty("serverErrors").ToString());
        });
}

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


    [Parameter("SandboxPlayers: the service label of the apps to load (service==NAME), e.g. lobby.")]
    readonly string PlayersService = "lobby";

    [Parameter("SandboxPlayers: requests per second over all tasks of the service (at most 200).")]
    readonly double PlayersRate = 20;

    [Parameter("SandboxPlayers: how long the players play, e.g. 60s (at most 30m).")]
    readonly TimeSpan PlayersDuration = TimeSpan.FromSeconds(60);

    // The ports are fixed (Delivery.Sandbox.Contract.SandboxPorts): pipelines/environments/local.yaml names them, so a
    // sandbox on other ports would be one the local environment never reaches.
    SandboxLayout SandboxLayout => new(
        Path.GetFullPath(SandboxDir ?? Environment.GetEnvironmentVariable("DELIVERY_SANDBOX_DIR") ?? TemporaryDirectory / "sandbox"));

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
        var host = await new HostComponent(layout).EnsureRunningAsync(Log, ct);
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
                // Standard output, not the log: scripts parse this (--json sends the log to stderr).
                StandardOutput.WriteLine(SandboxStatusReport.Json(layout, components, Delivery.Sandbox.Contract.SandboxStatus.TryRead(layout.StatusFile)));
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

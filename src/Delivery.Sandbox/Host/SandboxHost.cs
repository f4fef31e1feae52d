using System.Net;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Players;
using Docker.DotNet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Host;

/// <summary>
/// Composition root of the sandbox process: the Marathon emulator on its port with the chosen task runtime, the ECR
/// emulator on its two ports, and the lifecycle that publishes status.json and removes containers on SIGTERM.
/// </summary>
public static class SandboxHost
{
    public static WebApplication Build(SandboxOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder([]);
        builder.Logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss "; });
        // One line per request would drown what matters (task launches, exits, health) in Prometheus's scrapes.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var loopback = IPAddress.Parse(SandboxPorts.Loopback);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(loopback, options.MarathonPort);
            k.Listen(loopback, options.EcrPort);
            k.Listen(loopback, options.EcrRegistryPort);
            RequestLimits.Apply(k);
        });
        // Each task container gets a stop grace period (in parallel); leave room for it before the host gives up.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);

        var agents = options.Agents();
        builder.Services.AddSingleton(sp => CreateRuntime(options, sp));
        builder.Services.AddMarathonEmulator(
            new MarathonEmulatorOptions { Agents = agents, MaxLaunchDelay = options.MaxLaunchDelay, AgentTimeout = options.AgentTimeout },
            sp => sp.GetRequiredService<ITaskRuntime>());
        var ecr = EcrWiring.Add(builder, EcrWiring.Options(options));
        builder.Services.AddSingleton<Func<SandboxStatus>>(sp => () => Status(options, agents, ecr, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddPlayers(new Uri(options.MarathonUrl));
        builder.Services.AddHostedService<SandboxLifecycle>();

        var app = builder.Build();
        // Marathon answers on its own port only, so that its /v2 routes never shadow the ECR registry's /v2.
        var marathon = app.MapGroup("").RequireHost($"*:{options.MarathonPort}");
        marathon.MapMarathonApi();
        marathon.MapPlayersApi();
        EcrWiring.Map(app);
        return app;
    }

    private static SandboxStatus Status(SandboxOptions options, IReadOnlyList<AgentOptions> agents, SandboxStatus.Endpoint ecr, TimeProvider time) => new(
        Environment.ProcessId,
        time.GetUtcNow(),
        options.Runtime,
        new SandboxStatus.Endpoint(options.MarathonUrl),
        options.Registry is { } registry ? new SandboxStatus.Endpoint(registry.ToString().TrimEnd('/')) : null,
        options.Prometheus is { } prometheus ? new SandboxStatus.Endpoint(prometheus.ToString().TrimEnd('/')) : null,
        ecr,
        agents.Select(a => new SandboxStatus.Agent(a.Id, a.Hostname, a.Region, a.Zone)).ToList());

    private static ITaskRuntime CreateRuntime(SandboxOptions options, IServiceProvider services) => options.Runtime switch
    {
        "docker" => new DockerTaskRuntime(
            SandboxDockerClient.Connect(),
            DockerTaskRuntimeOptions.Default with { PullAuth = image => EcrWiring.PullAuth(services, image), SandboxId = options.SandboxId },
            services.GetRequiredService<ILogger<DockerTaskRuntime>>()),
        _ => new InMemoryTaskRuntime(services.GetRequiredService<TimeProvider>()),
    };
}

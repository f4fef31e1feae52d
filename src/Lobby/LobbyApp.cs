using System.Collections;
using Lobby.Api;
using Lobby.Faults;
using Lobby.Matchmaking;
using Lobby.Telemetry;
using Prometheus;

namespace Lobby;

/// <summary>Composition root of the lobby service: binding, faults, matchmaking, metrics.</summary>
public static class LobbyApp
{
    /// <summary>Builds the service, or returns null when the baked fault plan says to crash on start.</summary>
    public static WebApplication? Build(string[] args, IDictionary environment)
    {
        var settings = LobbySettings.From(environment);
        var faults = FaultPlan.Load(settings.FaultsFile);
        if (faults.CrashOnStart)
        {
            Console.Error.WriteLine($"lobby: the fault plan {settings.FaultsFile} says to crash on start; exiting with code 3");
            return null;
        }

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseUrls(settings.ListenUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton(sp => new MatchmakingQueue(settings.PlayersPerGame, sp.GetRequiredService<GameSessions>()));
        builder.Services.AddSingleton<GameSessions>();
        builder.Services.AddSingleton<LobbyMetrics>();

        var app = builder.Build();
        app.Services.GetRequiredService<LobbyMetrics>().Publish(settings, faults);
        app.UseRouting();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapLobbyApi();
        app.MapHealth();
        app.MapMetrics("/metrics");
        Console.WriteLine($"lobby: listening on {settings.ListenUrl} (task {settings.TaskId ?? "-"}, faults {faults})");
        return app;
    }
}

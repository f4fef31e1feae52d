using Lobby.Faults;

namespace Lobby.Api;

public static class HealthEndpoints
{
    /// <summary>/health is what Marathon's HTTP health check calls: 200 while healthy, 503 once the fault plan says so.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", (FaultInjector faults, LobbySettings settings) => faults.IsHealthy()
            ? Results.Ok(new { status = "healthy", task = settings.TaskId })
            : Results.Json(new { status = "unhealthy", task = settings.TaskId }, statusCode: StatusCodes.Status503ServiceUnavailable));
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Delivery.Sandbox.Players;

public sealed record StartPlayersRequest(string? Service, double? RequestsPerSecond, double? DurationSeconds);

/// <summary>
/// Players as a sandbox endpoint, so that tests, the build program and a person with curl can put load on a service:
/// <c>POST /_sandbox/players {"service":"lobby","requestsPerSecond":20,"durationSeconds":60}</c> starts (or replaces)
/// the run of that service, <c>GET /_sandbox/players</c> reports counts, <c>DELETE /_sandbox/players/{service}</c> stops it.
/// </summary>
public static class PlayersApi
{
    public static IServiceCollection AddPlayers(this IServiceCollection services, Uri marathon) =>
        services.AddSingleton(sp => new PlayerRuns(marathon, sp.GetRequiredService<TimeProvider>()));

    public static IEndpointRouteBuilder MapPlayersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/players", (StartPlayersRequest request, PlayerRuns runs) =>
        {
            var options = new PlayerRunOptions(request.Service ?? "", request.RequestsPerSecond ?? 10, TimeSpan.FromSeconds(request.DurationSeconds ?? 60));
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                return Results.Json(new { message = e.Message }, statusCode: StatusCodes.Status422UnprocessableEntity);
            }
            return Results.Json(runs.Start(options), statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/_sandbox/players", (PlayerRuns runs) => Results.Json(new { runs = runs.Reports() }));
        app.MapDelete("/_sandbox/players/{service}", async (string service, PlayerRuns runs) =>
            await runs.StopAsync(service) is { } report ? Results.Json(report) : Results.NotFound(new { message = $"No players run for service '{service}'" }));
        return app;
    }
}

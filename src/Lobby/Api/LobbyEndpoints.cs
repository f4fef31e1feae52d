using Lobby.Matchmaking;

namespace Lobby.Api;

public sealed record JoinRequest(string? Player, string? Mode);

public sealed record CreateSessionRequest(string? Mode, List<string>? Players);

/// <summary>The game API: join the matchmaking queue, poll a ticket, create and read a game session.</summary>
public static class LobbyEndpoints
{
    private const string DefaultMode = "duel";

    public static void MapLobbyApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/queue", (JoinRequest? request, MatchmakingQueue queue) =>
        {
            if (string.IsNullOrWhiteSpace(request?.Player))
                return Results.BadRequest(new { error = "field 'player' is required" });
            var ticket = queue.Join(request.Player, request.Mode ?? DefaultMode);
            return Results.Accepted($"/v1/queue/{ticket.Id}", View(ticket));
        });

        app.MapGet("/v1/queue/{ticket}", (string ticket, MatchmakingQueue queue) =>
            queue.Find(ticket) is { } found ? Results.Ok(View(found)) : Results.NotFound(new { error = $"ticket '{ticket}' does not exist" }));

        app.MapPost("/v1/sessions", (CreateSessionRequest? request, GameSessions sessions) =>
        {
            if (request?.Players is not { Count: > 0 } players || players.Any(string.IsNullOrWhiteSpace))
                return Results.BadRequest(new { error = "field 'players' must list at least one player" });
            var session = sessions.Create(request.Mode ?? DefaultMode, players);
            return Results.Created($"/v1/sessions/{session.Id}", session);
        });

        app.MapGet("/v1/sessions/{id}", (string id, GameSessions sessions) =>
            sessions.Find(id) is { } session ? Results.Ok(session) : Results.NotFound(new { error = $"session '{id}' does not exist" }));
    }

    private static object View(Ticket t) => new { ticket = t.Id, player = t.Player, mode = t.Mode, status = t.Status, sessionId = t.SessionId };
}

using System.Collections.Concurrent;

namespace Lobby.Matchmaking;

public sealed record GameSession(string Id, string Mode, IReadOnlyList<string> Players, DateTimeOffset CreatedAt);

/// <summary>Game sessions of this task, kept in memory: a lobby task is stateless across restarts by design.</summary>
public sealed class GameSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, GameSession> _sessions = new();

    public GameSession Create(string mode, IReadOnlyList<string> players)
    {
        var session = new GameSession(Guid.NewGuid().ToString("n")[..12], mode, players, time.GetUtcNow());
        _sessions[session.Id] = session;
        return session;
    }

    public GameSession? Find(string id) => _sessions.GetValueOrDefault(id);
}

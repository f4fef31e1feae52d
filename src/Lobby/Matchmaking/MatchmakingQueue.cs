namespace Lobby.Matchmaking;

/// <param name="SessionId">Set once the ticket's player has been matched into a session.</param>
public sealed record Ticket(string Id, string Player, string Mode, string? SessionId)
{
    public string Status => SessionId is null ? "waiting" : "matched";
}

/// <summary>
/// First-come matchmaking: players queue per mode, and as soon as <c>playersPerGame</c> wait in one mode
/// they are put into a new session together. Tickets let a player poll for the result.
/// </summary>
public sealed class MatchmakingQueue(int playersPerGame, GameSessions sessions)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Ticket> _tickets = new();
    private readonly Dictionary<string, List<string>> _waiting = new();

    public Ticket Join(string player, string mode)
    {
        lock (_gate)
        {
            var ticket = new Ticket(Guid.NewGuid().ToString("n")[..12], player, mode, null);
            _tickets[ticket.Id] = ticket;
            if (!_waiting.TryGetValue(mode, out var queue))
                _waiting[mode] = queue = [];
            queue.Add(ticket.Id);
            if (queue.Count >= playersPerGame)
                Match(mode, queue);
            return _tickets[ticket.Id];
        }
    }

    public Ticket? Find(string ticketId)
    {
        lock (_gate)
            return _tickets.GetValueOrDefault(ticketId);
    }

    private void Match(string mode, List<string> queue)
    {
        var matched = queue.Take(playersPerGame).ToList();
        queue.RemoveRange(0, matched.Count);
        var session = sessions.Create(mode, matched.Select(id => _tickets[id].Player).ToList());
        foreach (var id in matched)
            _tickets[id] = _tickets[id] with { SessionId = session.Id };
    }
}

using System.Net.Http.Json;

namespace Delivery.Sandbox.Players;

/// <summary>
/// What players of the lobby do, one request at a time in a fixed cycle: join the queue, check a ticket, create a
/// session, read it. Tickets and sessions live in the task that made them, so follow-ups name that task's own ids
/// when it has some and harmless unknown ones (a 404 is a normal answer) otherwise.
/// </summary>
public sealed class PlayerScript
{
    private long _step;

    public HttpRequestMessage Next(ServiceTarget target)
    {
        var n = Interlocked.Increment(ref _step);
        var player = $"player-{n % 997}";
        return (n % 4) switch
        {
            0 => new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseAddress, "/v1/queue")) { Content = JsonContent.Create(new { player, mode = "duel" }) },
            1 => new HttpRequestMessage(HttpMethod.Get, new Uri(target.BaseAddress, $"/v1/queue/ticket-{n % 13}")),
            2 => new HttpRequestMessage(HttpMethod.Post, new Uri(target.BaseAddress, "/v1/sessions")) { Content = JsonContent.Create(new { mode = "squad", players = new[] { player, $"{player}-mate" } }) },
            _ => new HttpRequestMessage(HttpMethod.Get, new Uri(target.BaseAddress, $"/v1/sessions/session-{n % 13}")),
        };
    }
}

using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;

namespace Delivery.Sandbox.Players;

/// <summary>
/// What players of the lobby do, one request at a time in a fixed cycle: join the queue, check their ticket, create a
/// session, read it back. Tickets and sessions live in the task that made them, so a follow-up goes with the ids that
/// task handed out; until it has handed out any, the player joins again instead.
/// </summary>
public sealed class PlayerScript
{
    public enum Step { Join, CheckTicket, CreateSession, ReadSession }

    private readonly ConcurrentDictionary<string, (string? Ticket, string? Session)> _known = new();
    private long _step;

    public (HttpRequestMessage Request, Step Step) Next(ServiceTarget target)
    {
        var n = Interlocked.Increment(ref _step);
        var player = $"player-{n % 997}";
        var known = _known.GetValueOrDefault(target.TaskId);
        return (Step)(n % 4) switch
        {
            Step.CheckTicket when known.Ticket is { } ticket => (Get(target, $"/v1/queue/{ticket}"), Step.CheckTicket),
            Step.CreateSession => (Post(target, "/v1/sessions", new { mode = "squad", players = new[] { player, $"{player}-mate" } }), Step.CreateSession),
            Step.ReadSession when known.Session is { } session => (Get(target, $"/v1/sessions/{session}"), Step.ReadSession),
            _ => (Post(target, "/v1/queue", new { player, mode = "duel" }), Step.Join),
        };
    }

    /// <summary>Remembers the ticket or session a task handed out, for the next follow-up to that task.</summary>
    public async Task ObserveAsync(ServiceTarget target, Step step, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode || step is not (Step.Join or Step.CreateSession))
            return;
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var known = _known.GetValueOrDefault(target.TaskId);
            _known[target.TaskId] = step == Step.Join
                ? known with { Ticket = json.RootElement.GetProperty("ticket").GetString() }
                : known with { Session = json.RootElement.GetProperty("id").GetString() };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A service that answers something else is still answering: the counts already say how.
        }
    }

    private static HttpRequestMessage Get(ServiceTarget target, string path) => new(HttpMethod.Get, new Uri(target.BaseAddress, path));

    private static HttpRequestMessage Post(ServiceTarget target, string path, object body) =>
        new(HttpMethod.Post, new Uri(target.BaseAddress, path)) { Content = JsonContent.Create(body) };
}

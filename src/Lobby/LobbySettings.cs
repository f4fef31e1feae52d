using System.Collections;
using System.Net;

namespace Lobby;

/// <summary>What the service reads from its environment: Marathon's task variables and a few of its own.</summary>
/// <param name="ListenUrl">http://HOST:PORT0 as Marathon assigns them.</param>
public sealed record LobbySettings(
    string ListenUrl,
    string? TaskId,
    string? AppId,
    string FaultsFile,
    int PlayersPerGame)
{
    public static LobbySettings From(IDictionary environment)
    {
        string? Get(string name) => environment[name] as string is { Length: > 0 } value ? value : null;

        var port = int.TryParse(Get("PORT0") ?? Get("PORT"), out var p) ? p : 8080;
        // Marathon's HOST is the agent's name; the sandbox only ever binds loopback, so a name that is
        // not an address (e.g. an agent hostname) falls back to 127.0.0.1 instead of all interfaces.
        var host = Get("HOST") is { } h && IPAddress.TryParse(h, out _) ? h : "127.0.0.1";
        var faults = Get("LOBBY_FAULTS_FILE") ?? Path.Combine(AppContext.BaseDirectory, "faults.json");
        var playersPerGame = int.TryParse(Get("LOBBY_PLAYERS_PER_GAME"), out var n) && n >= 1 ? n : 2;
        return new LobbySettings(
            $"http://{host}:{port}",
            Get("MESOS_TASK_ID"),
            Get("MARATHON_APP_ID"),
            faults,
            playersPerGame);
    }
}

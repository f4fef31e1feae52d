using System.Text.Json;
using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>Base of the tests on the sandbox's Marathon: a client, a two-minute budget, and cleanup of the apps made.</summary>
public abstract class SandboxMarathonTest(LobbyFixture lobby) : IAsyncLifetime
{
    private readonly List<string> _apps = [];

    protected LobbyFixture Lobby => lobby;
    protected MarathonClient Marathon { get; } = new(lobby.Sandbox.MarathonUrl);
    protected CancellationTokenSource Budget { get; } = new(TimeSpan.FromMinutes(2));
    protected CancellationToken Timeout => Budget.Token;

    /// <summary>Deletes the app when the test ends, however it ends.</summary>
    protected void Track(string id) => _apps.Add(id);

    protected async Task<string> CreateAsync(string name, string image, int instances = 3)
    {
        var id = LobbyApps.NewId(name);
        Track(id);
        await Marathon.CreateAsync(LobbyApps.Definition(id, image, instances), Timeout);
        return id;
    }

    protected Task<JsonElement> WaitHealthyAsync(string id, int instances = 3) =>
        Marathon.WaitForAsync(id, $"{instances} healthy tasks and no deployment", app => MarathonClient.AllHealthy(app, instances), Timeout);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _apps)
            await Marathon.DeleteQuietlyAsync(id);
        Marathon.Dispose();
        Budget.Dispose();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Delivery.Sandbox.Tests.Lobby;

/// <summary>The lobby service as a process: its game API, health, metrics, and the faults a release can carry.</summary>
public sealed class LobbyServiceTests
{
    [Fact]
    public async Task Queue_TwoPlayersJoin_SecondTicketIsMatchedIntoASessionWithBoth()
    {
        await using var lobby = await LobbyProcess.StartAsync();

        var first = await JoinAsync(lobby, "alice");
        var second = await JoinAsync(lobby, "bob");

        Assert.Equal("waiting", first.GetProperty("status").GetString());
        Assert.Equal("matched", second.GetProperty("status").GetString());
        var sessionId = second.GetProperty("sessionId").GetString();
        var firstAgain = await lobby.Client.GetFromJsonAsync<JsonElement>($"/v1/queue/{first.GetProperty("ticket").GetString()}");
        Assert.Equal(sessionId, firstAgain.GetProperty("sessionId").GetString());
        var session = await lobby.Client.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}");
        Assert.Equal(["alice", "bob"], session.GetProperty("players").EnumerateArray().Select(p => p.GetString()!).ToArray());
    }

    [Fact]
    public async Task Queue_NoPlayerGiven_Answers400NamingTheField()
    {
        await using var lobby = await LobbyProcess.StartAsync();

        using var response = await lobby.Client.PostAsJsonAsync("/v1/queue", new { mode = "duel" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("player", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sessions_CreateThenRead_ReturnsTheSession()
    {
        await using var lobby = await LobbyProcess.StartAsync();

        using var created = await lobby.Client.PostAsJsonAsync("/v1/sessions", new { mode = "squad", players = new[] { "a", "b", "c" } });
        var location = created.Headers.Location!.ToString();
        var session = await lobby.Client.GetFromJsonAsync<JsonElement>(location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("squad", session.GetProperty("mode").GetString());
        Assert.Equal(3, session.GetProperty("players").GetArrayLength());
    }

    [Fact]
    public async Task Sessions_UnknownId_Answers404()
    {
        await using var lobby = await LobbyProcess.StartAsync();

        using var response = await lobby.Client.GetAsync("/v1/sessions/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_CountsByRouteTemplateAndCodeAndTimesThem()
    {
        await using var lobby = await LobbyProcess.StartAsync();
        await JoinAsync(lobby, "carol");
        (await lobby.Client.GetAsync("/v1/sessions/missing")).Dispose();

        var metrics = await lobby.Client.GetStringAsync("/metrics");

        Assert.Contains("""lobby_http_requests_total{route="/v1/queue",code="202"} 1""", metrics);
        Assert.Contains("""lobby_http_requests_total{route="/v1/sessions/{id}",code="404"} 1""", metrics);
        Assert.Contains("""lobby_http_request_duration_seconds_count{route="/v1/queue"} 1""", metrics);
        Assert.Contains("""lobby_task_info{task="tests_lobby.instance-1._app.1",faults="none"} 1""", metrics);
    }

    [Fact]
    public async Task Health_GoodRelease_Answers200()
    {
        await using var lobby = await LobbyProcess.StartAsync();

        using var response = await lobby.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Faults_ErrorRateOne_FailsEveryApiRequestButHealthAndMetricsStayTruthful()
    {
        await using var lobby = await LobbyProcess.StartAsync("""{"errorRate": 1.0}""");

        using var join = await lobby.Client.PostAsJsonAsync("/v1/queue", new { player = "dave" });
        using var health = await lobby.Client.GetAsync("/health");
        var metrics = await lobby.Client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.InternalServerError, join.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("""lobby_http_requests_total{route="/v1/queue",code="500"} 1""", metrics);
        Assert.Contains("""faults="bad"}""", metrics);
    }

    [Fact]
    public async Task Faults_UnhealthyAfterZeroSeconds_HealthAnswers503()
    {
        await using var lobby = await LobbyProcess.StartAsync("""{"unhealthyAfterSeconds": 0}""");

        using var response = await lobby.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Faults_ExtraLatency_DelaysApiRequestsOnly()
    {
        await using var lobby = await LobbyProcess.StartAsync("""{"extraLatencyMs": 300}""");

        var api = Stopwatch.StartNew();
        (await lobby.Client.GetAsync("/v1/sessions/x")).Dispose();
        api.Stop();

        // A lower bound only: the injected delay must be there; how much slower the machine is does not matter.
        Assert.True(api.Elapsed >= TimeSpan.FromMilliseconds(290), $"the API answered in {api.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Faults_CrashOnStart_ExitsWithCode3BeforeListening()
    {
        await using var lobby = await LobbyProcess.StartAsync("""{"crashOnStart": true}""");

        await lobby.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(3, lobby.Process.ExitCode);
        Assert.Contains("crash on start", await lobby.StandardErrorAsync());
    }

    [Fact]
    public async Task Faults_PlanIsNotJson_FailsToStartNamingTheFile()
    {
        await using var lobby = await LobbyProcess.StartAsync("errorRate: lots");

        await lobby.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.NotEqual(0, lobby.Process.ExitCode);
        Assert.Contains("lobby-faults-", await lobby.StandardErrorAsync());
    }

    private static async Task<JsonElement> JoinAsync(LobbyProcess lobby, string player)
    {
        using var response = await lobby.Client.PostAsJsonAsync("/v1/queue", new { player });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

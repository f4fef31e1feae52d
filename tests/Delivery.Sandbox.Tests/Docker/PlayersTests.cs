using System.Net.Http.Json;
using System.Text.Json;
using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>The traffic generator, through the sandbox host, against real lobby tasks.</summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Docker")]
public sealed class PlayersTests(LobbyFixture lobby) : SandboxMarathonTest(lobby)
{
    [Fact]
    public async Task Players_SteadyRateForTwoSeconds_SpreadOverEveryTaskAndStopByThemselves()
    {
        var id = await CreateAsync("players", Lobby.GoodImage);
        var app = await WaitHealthyAsync(id);
        var service = app.GetProperty("labels").GetProperty("service").GetString()!;

        using var started = await Marathon.Http.PostAsJsonAsync("/_sandbox/players", new { service, requestsPerSecond = 30, durationSeconds = 2 }, Timeout);
        started.EnsureSuccessStatusCode();
        var report = await FinishedReportAsync(service);

        var sent = report.GetProperty("sent").GetInt64();
        Assert.InRange(sent, 30, 70);
        Assert.Equal(0, report.GetProperty("serverErrors").GetInt64());
        Assert.Equal(0, report.GetProperty("clientErrors").GetInt64());
        Assert.Equal(0, report.GetProperty("unreachable").GetInt64());
        var perTask = report.GetProperty("byTask").EnumerateObject().Select(p => p.Value.GetInt64()).ToList();
        Assert.Equal(3, perTask.Count);
        Assert.True(perTask.Max() - perTask.Min() <= 1, $"round robin should be even, saw {string.Join(", ", perTask)}");
    }

    [Fact]
    public async Task Players_RateAboveTheBound_AreRefusedWithTheReason()
    {
        using var response = await Marathon.Http.PostAsJsonAsync("/_sandbox/players", new { service = "lobby", requestsPerSecond = 5000, durationSeconds = 1 }, Timeout);

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("5000", await response.Content.ReadAsStringAsync(Timeout));
    }

    private async Task<JsonElement> FinishedReportAsync(string service)
    {
        while (true)
        {
            var runs = (await Marathon.Http.GetFromJsonAsync<JsonElement>("/_sandbox/players", Timeout)).GetProperty("runs");
            var report = runs.EnumerateArray().First(r => r.GetProperty("service").GetString() == service);
            if (!report.GetProperty("running").GetBoolean())
                return report;
            await Task.Delay(200, Timeout);
        }
    }
}

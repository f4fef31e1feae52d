using System.Text.Json;
using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>Prometheus (a Marathon client nobody here wrote) finds the lobby's tasks through marathon_sd_configs and scrapes them.</summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Docker")]
public sealed class PrometheusDiscoveryTests(LobbyFixture lobby) : SandboxMarathonTest(lobby)
{
    [Fact]
    public async Task MarathonDiscovery_ThreeZoneApp_EveryTaskIsUpWithItsAppTrackReleaseAndZone()
    {
        var id = await CreateAsync("prometheus", Lobby.GoodImage);
        var app = await WaitHealthyAsync(id);
        var tasks = MarathonClient.Tasks(app).ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("zone").GetString());

        var series = await EventuallyAsync($"up{{app=\"{id}\"}}", result => result.Count == 3 && result.All(s => s.Value == "1"));

        Assert.Equal(tasks.Keys.Order(), series.Select(s => s.Labels["task"]).Order());
        foreach (var s in series)
        {
            Assert.Equal("stable", s.Labels["track"]);
            Assert.Equal("r1", s.Labels["release"]);
            Assert.Equal(tasks[s.Labels["task"]], s.Labels["zone"]);
        }
    }

    private sealed record Sample(IReadOnlyDictionary<string, string> Labels, string Value);

    private async Task<IReadOnlyList<Sample>> EventuallyAsync(string query, Func<IReadOnlyList<Sample>, bool> done)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Lobby.Sandbox.PrometheusUrl) };
        IReadOnlyList<Sample> last = [];
        try
        {
            while (true)
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}", Timeout));
                last = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                    .Select(r => new Sample(
                        r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                        r.GetProperty("value")[1].GetString()!))
                    .ToList();
                if (done(last))
                    return last;
                await Task.Delay(500, Timeout);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Prometheus never answered {query} as expected; last: {string.Join("; ", last.Select(s => string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}")) + " " + s.Value))}");
        }
    }
}

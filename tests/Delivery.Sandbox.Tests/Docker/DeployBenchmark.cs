using System.Diagnostics;
using Delivery.Sandbox.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>How long the sandbox takes from the POST of a three-zone lobby app to all its Docker tasks healthy.</summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Benchmark")]
public sealed class DeployBenchmark(LobbyFixture lobby, ITestOutputHelper output) : SandboxMarathonTest(lobby)
{
    [Fact]
    public async Task ThreeZoneLobby_PostToAllHealthy_PrintsTheTimings()
    {
        var rounds = new List<(TimeSpan Running, TimeSpan Healthy)>();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var id = await CreateAsync($"bench-{round}", Lobby.GoodImage);
            await Marathon.WaitForAsync(id, "3 running tasks", app => app.GetProperty("tasksRunning").GetInt32() == 3, Timeout);
            var running = clock.Elapsed;
            await WaitHealthyAsync(id);
            rounds.Add((running, clock.Elapsed));
            await Marathon.DeleteQuietlyAsync(id);
        }

        foreach (var (r, i) in rounds.Select((r, i) => (r, i)))
            output.WriteLine($"round {i + 1}: POST -> 3 running {r.Running.TotalMilliseconds:0} ms, -> 3 healthy {r.Healthy.TotalMilliseconds:0} ms");
        output.WriteLine($"median to healthy: {rounds.Select(r => r.Healthy.TotalMilliseconds).Order().ElementAt(1):0} ms");
        Assert.Equal(3, rounds.Count);
    }
}

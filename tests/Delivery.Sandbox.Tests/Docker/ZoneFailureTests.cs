using System.Text.Json.Nodes;
using Delivery.Sandbox.Tests.Infrastructure;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>A whole zone fails under a running service: its tasks are lost, and where they go next depends on the constraint.</summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Docker")]
public sealed class ZoneFailureTests(LobbyFixture lobby) : SandboxMarathonTest(lobby)
{
    [Fact]
    public async Task FailedZone_AppSpreadWithMaxPer_LosesItsTasksWhichAreRelaunchedInTheOtherZones()
    {
        var id = LobbyApps.NewId("zone-maxper");
        Track(id);
        var definition = LobbyApps.Definition(id, Lobby.GoodImage);
        definition["constraints"] = new JsonArray(new JsonArray("@zone", "MAX_PER", "2"));
        await Marathon.CreateAsync(definition, Timeout);
        var before = await WaitHealthyAsync(id);
        var zone = MarathonClient.Tasks(before).First().GetProperty("zone").GetString()!;
        var lost = MarathonClient.Tasks(before).Where(t => t.GetProperty("zone").GetString() == zone).Select(t => t.GetProperty("id").GetString()).ToList();

        await WithZoneFailedAsync(zone, async () =>
        {
            var after = await Marathon.WaitForAsync(id, $"3 healthy tasks outside {zone}",
                app => MarathonClient.AllHealthy(app, 3) && MarathonClient.Tasks(app).All(t => t.GetProperty("zone").GetString() != zone), Timeout);

            Assert.DoesNotContain(MarathonClient.Tasks(after), t => lost.Contains(t.GetProperty("id").GetString()));
        });
    }

    [Fact]
    public async Task FailedZone_AppGroupedByThreeZones_TaskWaitsForItsZoneAndReturnsWhenRestored()
    {
        var id = await CreateAsync("zone-groupby", Lobby.GoodImage);
        var before = await WaitHealthyAsync(id);
        var zone = MarathonClient.Tasks(before).First().GetProperty("zone").GetString()!;

        await WithZoneFailedAsync(zone, async () =>
        {
            // Marathon's GROUP_BY 3 places a task only in a zone that has none: with that zone gone, it waits.
            var degraded = await Marathon.WaitForAsync(id, "2 running tasks, none in the failed zone",
                app => MarathonClient.Tasks(app).Count(t => t.GetProperty("state").GetString() == "TASK_RUNNING") == 2
                       && MarathonClient.Tasks(app).All(t => t.GetProperty("zone").GetString() != zone), Timeout);
            Assert.Equal(2, degraded.GetProperty("tasksHealthy").GetInt32());
        });

        var restored = await WaitHealthyAsync(id);
        Assert.Contains(MarathonClient.Tasks(restored), t => t.GetProperty("zone").GetString() == zone);
    }

    private async Task WithZoneFailedAsync(string zone, Func<Task> whileFailed)
    {
        await Marathon.PostAsync($"/_sandbox/marathon/zones/{zone}/fail", Timeout);
        try
        {
            await whileFailed();
        }
        finally
        {
            await Marathon.PostAsync($"/_sandbox/marathon/zones/{zone}/restore", CancellationToken.None);
        }
    }
}

using System.Text.Json;
using Delivery.Engine;
using Delivery.Tests.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Notifications;

/// <summary>A real run of the engine (in-memory Marathon, fake clock) told to a real receiver through the real notifier.</summary>
public sealed class NotifiedRunTests
{
    private static readonly Delivery.Core.Values.Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2');

    [Fact]
    public async Task Deploy_ReleaseThatNeverBecomesHealthy_RolledBackMessageCarriesTheZoneVerdicts()
    {
        var world = new EngineWorld();
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        world.Marathon.BadDigests.Add(B.Digest);
        using var receiver = new LocalReceiver();
        // The notifier keeps real time (its deadlines are about a real network); the engine runs on the fake clock.
        using var harness = new NotifierHarness([NotificationFixtures.Webhook()], new Dictionary<string, string> { ["DEPLOY_EVENTS_URL"] = receiver.SecretUrl() });
        var context = world.Context() with { Listener = harness.Notifier };

        var run = new DeployUseCase(context, world.Git, world.Images, "/repo").RunAsync(world.Target, false, CancellationToken.None);
        for (var i = 0; i < 5000 && !run.IsCompleted; i++)
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
        }
        var report = await run;
        await harness.Notifier.DrainAsync(CancellationToken.None);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        var events = receiver.Snapshot().Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["rolled-back", "started"], events.Select(e => e.GetProperty("event").GetString()).Order());
        var rolledBack = Assert.Single(events, e => e.GetProperty("event").GetString() == "rolled-back");
        Assert.Equal(report.Reason, rolledBack.GetProperty("reason").GetString());
        Assert.Equal(new string('b', 40), rolledBack.GetProperty("release").GetProperty("commit").GetString());
        Assert.Equal(report.Zones.Select(z => z.Verdict), rolledBack.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("verdict").GetString()));
        Assert.Contains("ReleaseFailure", rolledBack.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("verdict").GetString()));
        Assert.Empty(harness.Warnings);
    }
}

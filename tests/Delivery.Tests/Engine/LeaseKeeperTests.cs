using Delivery.Core.Canary;
using Delivery.Core.Leases;
using Delivery.Engine;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

/// <summary>The lease keeper on the in-memory Marathon and a fake clock: exclusion by atomic create, pre-emption, expiry, fencing.</summary>
public sealed class LeaseKeeperTests
{
    private static LeaseKeeper Keeper(EngineWorld world, string run, LeaseIntent intent, string holder = "alice@laptop") =>
        new(world.Marathon, world.Target, new RunIdentity(holder, run, intent), new ProgressLog(world.Lines.Add, world.Time), world.Time);

    [Fact]
    public async Task Acquire_Fresh_TakesEpochOneByCreatingItsApp()
    {
        var world = new EngineWorld();
        var lease = await Keeper(world, "run-1", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(1, lease.Epoch);
        Assert.Contains("create /games/lobby-lease-00000001", world.Marathon.Writes);
    }

    [Fact]
    public async Task Acquire_AnswerLostAfterTheCreate_StillKnowsItHoldsTheEpoch()
    {
        var world = new EngineWorld();
        world.Marathon.LoseAnswers.Add("create /games/lobby-lease-00000001");

        var lease = await Keeper(world, "run-1", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal((1, "run-1"), (lease.Epoch, lease.RunId));
    }

    [Fact]
    public async Task Rollback_PreEmptsADeploy_WhoseNextFenceCheckStopsIt()
    {
        var world = new EngineWorld();
        var deploy = Keeper(world, "deploy-1", LeaseIntent.Deploy);
        await deploy.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        var rollback = await Keeper(world, "rollback-1", LeaseIntent.Rollback).AcquireAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(2, rollback.Epoch);
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => deploy.CheckAsync(CancellationToken.None));
        Assert.Contains("took its lease (Rollback, epoch 2)", lost.Message);
    }

    [Fact]
    public async Task Deploy_NeverTakesTheLeaseFromALiveRollback()
    {
        var world = new EngineWorld();
        var rollback = Keeper(world, "rollback-1", LeaseIntent.Rollback);
        await rollback.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        var waiting = Keeper(world, "deploy-1", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        // The rollback renews while it works; the deploy keeps waiting until it gives the lease back.
        for (var i = 0; i < 60; i++)
        {
            world.Time.Advance(TimeSpan.FromSeconds(2));
            await Task.Yield();
            if (i % 5 == 0) await rollback.CheckAsync(CancellationToken.None);
            Assert.False(waiting.IsCompleted, $"the deploy took the lease after {2 * (i + 1)}s while the rollback renewed it");
        }
        await rollback.ReleaseAsync(CancellationToken.None);
        var lease = await world.Drive(waiting);

        Assert.Equal(2, lease.Epoch);
    }

    [Fact]
    public async Task Expiry_IsMeasuredOnTheReadersOwnClockFromTheLastChangeSeen()
    {
        var world = new EngineWorld();
        await Keeper(world, "dead-run", LeaseIntent.Deploy, holder: "bob@ci-7").AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        world.Time.Advance(TimeSpan.FromHours(1)); // clocks of other machines mean nothing: the reader starts counting when it first looks

        var started = world.Time.GetUtcNow();
        var lease = await world.Drive(Keeper(world, "next-run", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Equal(2, lease.Epoch);
        Assert.InRange(world.Time.GetUtcNow() - started, LeaseRules.Duration, LeaseRules.Duration + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WhileHeld_ALongHook_KeepsTheLeaseRenewedSoNobodyTakesItOver()
    {
        var world = new EngineWorld();
        var holder = Keeper(world, "deploy-1", LeaseIntent.Deploy);
        await holder.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        var hook = holder.WhileHeldAsync(() => Task.Delay(TimeSpan.FromMinutes(2), world.Time), CancellationToken.None);
        var other = Keeper(world, "deploy-2", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        for (var i = 0; i < 400 && !hook.IsCompleted; i++)
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
            Assert.False(other.IsCompleted, $"another run took the lease {i / 2}s into a hook of 2 minutes");
        }
        await hook;
        await holder.ReleaseAsync(CancellationToken.None);

        Assert.Equal(2, (await world.Drive(other)).Epoch);
    }

    [Fact]
    public async Task Release_LetsTheNextRunTakeItAtOnce_AndOldEpochsAreCollected()
    {
        var world = new EngineWorld();
        for (var run = 1; run <= 9; run++)
        {
            var keeper = Keeper(world, $"run-{run}", LeaseIntent.Deploy);
            var lease = await keeper.AcquireAsync(TimeSpan.Zero, CancellationToken.None);
            Assert.Equal(run, lease.Epoch);
            await keeper.ReleaseAsync(CancellationToken.None);
        }

        var left = world.Marathon.AppIds.Where(id => id.StartsWith("/games/lobby-lease-", StringComparison.Ordinal)).ToList();
        Assert.Contains("/games/lobby-lease-00000009", left);
        Assert.InRange(left.Count, 5, 6);
    }

    [Fact]
    public async Task Acquire_AnEpochAppWithUnreadableLabels_IsPassedOverNotRetriedForever()
    {
        var world = new EngineWorld();
        var first = Keeper(world, "run-1", LeaseIntent.Deploy);
        await first.AcquireAsync(TimeSpan.Zero, CancellationToken.None);
        await first.ReleaseAsync(CancellationToken.None);
        // Someone edited epoch 2's app by hand: it exists (a create of it gets 409) but holds no readable lease.
        await world.Marathon.CreateAppAsync(new Delivery.Marathon.MarathonApp
        {
            Id = "/games/lobby-lease-00000002", Instances = 0, Labels = new Dictionary<string, string> { ["note"] = "edited by hand" },
        });

        var keeper = Keeper(world, "run-2", LeaseIntent.Deploy);
        var lease = await world.Drive(keeper.AcquireAsync(TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Equal(3, lease.Epoch);
        Assert.Contains("create /games/lobby-lease-00000003", world.Marathon.Writes);
    }

    [Fact]
    public async Task Acquire_NeverCreatable_FailsAtTheWaitLimitNamingTheEpoch()
    {
        var world = new EngineWorld();
        world.Marathon.BeforeWrite = what => { if (what.StartsWith("create ", StringComparison.Ordinal)) throw new Delivery.Marathon.MarathonException("Tried to create but failed because Marathon answered 503", System.Net.HttpStatusCode.ServiceUnavailable, null); };

        var failed = await Assert.ThrowsAsync<Delivery.Core.DeliveryException>(() =>
            world.Drive(Keeper(world, "run-1", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None)));

        Assert.Contains("epoch 1 could not be created", failed.Message);
    }

    [Fact]
    public async Task WhileHeld_MarathonAwayAtARenewal_TheWorkGoesOnAndTheNextTickRenews()
    {
        var world = new EngineWorld();
        var holder = Keeper(world, "deploy-1", LeaseIntent.Deploy);
        await holder.AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var failures = 0;
        world.Marathon.BeforeCall = what =>
        {
            if (what == "list apps" && failures++ == 0) throw new Delivery.Marathon.MarathonException("Tried to list apps but failed because Marathon answered 503", System.Net.HttpStatusCode.ServiceUnavailable, null);
        };

        var hook = holder.WhileHeldAsync(() => Task.Delay(TimeSpan.FromSeconds(40), world.Time), CancellationToken.None);
        for (var i = 0; i < 200 && !hook.IsCompleted; i++)
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
        }
        await hook;

        Assert.True(failures >= 2, $"only {failures} renewal check(s) ran: the first failed and nothing tried again");
        Assert.Contains("put /games/lobby-lease-00000001", world.Marathon.Writes);
    }

    [Fact]
    public async Task Acquire_MarathonAwayWhileWaiting_RestartsTheExpiryCountInsteadOfTakingOver()
    {
        var world = new EngineWorld();
        await Keeper(world, "busy-run", LeaseIntent.Deploy, holder: "bob@ci-7").AcquireAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        var outage = false;
        world.Marathon.BeforeCall = what => { if (outage && what == "list apps") throw new Delivery.Marathon.MarathonException("Tried to list apps but failed because the connection was refused", null, null); };

        var started = world.Time.GetUtcNow();
        var waiting = Keeper(world, "next-run", LeaseIntent.Deploy).AcquireAsync(TimeSpan.FromMinutes(5), CancellationToken.None);
        await AdvanceAsync(world, TimeSpan.FromSeconds(10));
        outage = true;                               // 40 s during which this reader sees nothing
        await AdvanceAsync(world, TimeSpan.FromSeconds(40));
        outage = false;
        await AdvanceAsync(world, TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted, "the lease was taken over on time this reader could not see it");
        var lease = await world.Drive(waiting);

        Assert.Equal(2, lease.Epoch);
        Assert.True(world.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(50) + LeaseRules.Duration);
    }

    private static async Task AdvanceAsync(EngineWorld world, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(500))
        {
            world.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(1);
        }
    }
}

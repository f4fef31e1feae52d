using Delivery.Core.Canary;
using Delivery.Core.Values;
using Delivery.Engine;
using Delivery.Marathon;
using static Delivery.Tests.Engine.EngineWorld;

namespace Delivery.Tests.Engine;

/// <summary>
/// Rollback as on-call needs it, on the in-memory Marathon: idempotent, whole-release, never cutting capacity, refusing
/// what it cannot restore before writing anything, and finishing what a killed rollback left.
/// </summary>
public sealed class RollbackTests
{
    private static readonly Release A = ReleaseOf('a', '1'), B = ReleaseOf('b', '2'), C = ReleaseOf('c', '3');

    private sealed class KilledException() : Exception("killed");

    /// <summary>A live, then B promoted over it (so the history remembers A with its Marathon version).</summary>
    private static async Task<EngineWorld> PromotedBOverA()
    {
        var world = new EngineWorld();
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Images.Releases[C.Commit] = C;
        world.Git.Head = B.Commit;
        var promoted = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        Assert.Equal(RunOutcome.Promoted, promoted.Outcome);
        return world;
    }

    private static Task<RunReport> Rollback(EngineWorld world, string? to = null, IReleaseImages? images = null, IReadOnlyCollection<string>? undo = null,
        string holder = "oncall@pager") =>
        world.Drive(new RollbackUseCase(world.Context(holder) with { Images = images }).RunAsync(world.Target, to, CancellationToken.None, undo));

    /// <summary>A holder named after a process of this machine that has exited: as a run killed with SIGKILL leaves it.</summary>
    private static string DeadHolder()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true"))!;
        process.WaitForExit();
        return $"oncall@{Environment.MachineName}/pid-{process.Id}";
    }

    private static int StableWrites(EngineWorld world, int from) => world.Marathon.Writes.Skip(from).Count(w => w == "put /games/lobby");

    [Fact]
    public async Task Rollback_ThreeTimesInARow_RestoresTheSameReleaseOnce()
    {
        var world = await PromotedBOverA();
        var before = world.Marathon.Writes.Count;

        var first = await Rollback(world);
        var second = await Rollback(world);
        var third = await Rollback(world);

        Assert.All([first, second, third], r => Assert.Equal(RunOutcome.RolledBack, r.Outcome));
        Assert.Equal(A.Digest, world.StableRelease!.Digest);
        Assert.Equal(1, StableWrites(world, before));
        Assert.Contains("is live: run", second.Reason);
        Assert.Contains("--to", third.Reason);
    }

    [Fact]
    public async Task Rollback_KilledDuringTheRestore_NextRollbackConvergesToTheSameTarget()
    {
        var world = await PromotedBOverA();
        var dead = false;
        world.Marathon.BeforeWrite = write =>
        {
            if (write == "put /games/lobby") dead = true;
            if (dead) throw new KilledException();
        };
        await Assert.ThrowsAsync<RunFailedException>(() => Rollback(world, holder: DeadHolder()));
        world.Marathon.BeforeWrite = null;
        Assert.Equal(CanaryPhase.Restoring, await StatusPhase(world));

        var report = await Rollback(world);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.Equal(A.Digest, world.StableRelease!.Digest);
        Assert.Contains(world.Lines, l => l.Contains("finishing the unfinished restore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_RestoresTheRecordedDefinition_NotTodaysTemplate()
    {
        var world = await PromotedBOverA();
        // B's definition differs from A's: the template of B's commit set an environment variable A never had.
        var stable = world.Marathon.Definition(world.Target.StableAppId);
        var env = new Dictionary<string, System.Text.Json.JsonElement>(stable.Extra ?? []) { ["env"] = System.Text.Json.JsonSerializer.SerializeToElement(new { MODE = "broken" }) };
        await world.Marathon.PutAppAsync(stable with { Extra = env }, force: true);
        world.Time.Advance(TimeSpan.FromSeconds(30));

        var report = await Rollback(world);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        var restored = world.Marathon.Definition(world.Target.StableAppId);
        Assert.False(restored.Extra?.ContainsKey("env") ?? false, "the env var of the bad definition survived the rollback");
        Assert.Equal(AppDefinitions.RestoreUpgrade, restored.UpgradeStrategy);
    }

    [Fact]
    public async Task Rollback_ImageGoneFromTheRegistry_RefusedBeforeAnyWrite()
    {
        var world = await PromotedBOverA();
        var before = world.Marathon.Writes.Count;

        var error = await Assert.ThrowsAsync<RunFailedException>(() => Rollback(world, images: new NoImages()));

        Assert.Contains("is no longer in the registry", error.Message);
        Assert.Equal(before, world.Marathon.Writes.Count);
        Assert.Equal(B, world.StableRelease);
    }

    [Fact]
    public async Task Rollback_ToDuringACanary_AbortsThenRestoresInOneRun()
    {
        var world = await PromotedBOverA();
        world.Git.Head = C.Commit;
        world.Images.Releases[C.Commit] = C;
        var deploy = world.Deploy().RunAsync(world.Target, false, CancellationToken.None);
        for (var i = 0; i < 200 && !world.Marathon.Exists(world.Target.CanaryAppId); i++) { await Task.Yield(); world.Time.Advance(TimeSpan.FromMilliseconds(500)); }
        Assert.True(world.Marathon.Exists(world.Target.CanaryAppId));

        var report = await Rollback(world, to: A.Commit.Value[..8]);

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
        Assert.Equal(A.Digest, world.StableRelease!.Digest);
        Assert.Equal(6, world.Marathon.TaskCount(world.Target.StableAppId));
        var lost = await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(deploy));
        Assert.IsType<LeaseLostException>(lost.InnerException);
    }

    [Fact]
    public async Task RollbackAfterDeploy_TheDeployNeverReachedMarathon_NothingUndone()
    {
        var world = await PromotedBOverA();
        var before = world.Marathon.Writes.Count;

        var report = await Rollback(world, undo: ["20261126120000-deadbeef"]);

        Assert.Equal(RunOutcome.AlreadyLive, report.Outcome);
        Assert.Contains("nothing to undo", report.Reason);
        Assert.Equal(before, world.Marathon.Writes.Count);
        Assert.Equal(B, world.StableRelease);
    }

    [Fact]
    public async Task Deploy_ReleaseRolledBackBefore_RefusedUnlessForcedByName()
    {
        var world = await PromotedBOverA();
        await Rollback(world);
        world.Git.Head = B.Commit;

        var refused = await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None)));
        Assert.Contains($"--force {B.Commit.Value[..12]}", refused.Message);
        Assert.Equal(A.Digest, world.StableRelease!.Digest);

        var forced = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None, force: B.Commit.Value[..7]));
        Assert.Equal(RunOutcome.Promoted, forced.Outcome);
    }

    [Fact]
    public async Task Deploy_CanaryRolledBackByItsGates_ACiRetryOfTheSameCommitIsRefusedUnlessForced()
    {
        var world = await PromotedBOverA();
        world.Marathon.BadDigests.Add(C.Digest);
        world.Git.Head = C.Commit;
        var first = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));
        Assert.Equal(RunOutcome.RolledBack, first.Outcome);
        var writes = world.Marathon.Writes.Count;

        var retry = await Assert.ThrowsAsync<RunFailedException>(() => world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None)));

        Assert.Contains($"--force {C.Commit.Value[..12]}", retry.Message);
        Assert.Equal(0, world.Images.Calls - 2); // nothing baked for the refused retry (B and C were published once each)
        Assert.Equal(writes, world.Marathon.Writes.Count);
        var forced = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None, force: C.Commit.Value[..7]));
        Assert.Equal(RunOutcome.RolledBack, forced.Outcome); // still bad: the gates roll it back again
    }

    [Fact]
    public async Task Canary_MarathonAnswering503ForTwentySeconds_TheRunRidesThroughAndFinishes()
    {
        var world = new EngineWorld();
        world.Live(A);
        world.Images.Releases[B.Commit] = B;
        world.Git.Head = B.Commit;
        var outage = (From: DateTimeOffset.MinValue, Until: DateTimeOffset.MinValue);
        world.Marathon.BeforeCall = call =>
        {
            var now = world.Time.GetUtcNow();
            if (outage.From == DateTimeOffset.MinValue && world.Marathon.Exists(world.Target.CanaryAppId)) outage = (now, now + TimeSpan.FromSeconds(20));
            if (now >= outage.From && now < outage.Until)
                throw new MarathonServerException($"Tried to {call} but failed because Marathon answered 503", System.Net.HttpStatusCode.ServiceUnavailable, "{}");
        };

        var report = await world.Drive(world.Deploy().RunAsync(world.Target, false, CancellationToken.None));

        Assert.Equal(RunOutcome.Promoted, report.Outcome);
        Assert.Contains(world.Lines, l => l.Contains("Marathon failed", StringComparison.Ordinal));
        Assert.False(world.Marathon.Exists(world.Target.CanaryAppId));
    }

    private static async Task<CanaryPhase> StatusPhase(EngineWorld world) =>
        (await new Ledger(world.Marathon, world.Target, () => 0).ReadAsync(CancellationToken.None)).Status("lobby").Phase;

    private sealed class NoImages : IReleaseImages
    {
        public Task<bool> ExistsAsync(ImageReference image, CancellationToken ct) => Task.FromResult(false);
    }
}

using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// The engine killed at several points (every write from there on lost, its lease left behind by a process that is
/// gone), then the next run: it must see what was in flight and converge, with no orphaned canary and stable at size.
/// Two Deploys at once must never interleave.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ResumeTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Theory(Timeout = 240_000)]
    [InlineData("create /{group}/lobby-canary")]
    [InlineData("put /{group}/lobby")]
    [InlineData("delete /{group}/lobby-canary")]
    public async Task Deploy_KilledAtAPoint_NextDeployConvergesWithoutOrphans(string point)
    {
        await StartFromGood1Async();
        var killer = new WatchedMarathon(Sandbox.Marathon) { KillBefore = point.Replace("{group}", Sandbox.AppGroup) };

        var (_, error) = await DeployAsync(Sandbox.Good2, killer, SandboxFixture.DeadHolder());
        Assert.IsType<EngineKilledException>(error);

        var (next, nextError) = await DeployAsync(Sandbox.Good2);
        Assert.True(next.Outcome == RunOutcome.Promoted, $"{next.Outcome}: {next.Reason} {nextError}");
        await AssertConvergedAsync(next.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Rollback_AfterADeployKilledMidCanary_RestoresStableAndRemovesTheCanary()
    {
        var good = await StartFromGood1Async();
        var killer = new WatchedMarathon(Sandbox.Marathon) { KillBefore = $"put /{Sandbox.AppGroup}/lobby" };
        var (_, error) = await DeployAsync(Sandbox.Good2, killer, SandboxFixture.DeadHolder());
        Assert.IsType<EngineKilledException>(error);
        Assert.NotNull(await CanaryAsync());

        var report = await RollbackAsync();

        Assert.Equal(RunOutcome.RolledBack, report.Outcome);
        await AssertConvergedAsync(good.Release!.Digest);
    }

    [Fact(Timeout = 240_000)]
    public async Task Deploy_TwoAtOnce_NeverInterleave()
    {
        await StartFromGood1Async();
        var watched = new WatchedMarathon(Sandbox.Marathon);
        Sandbox.Repository.Checkout(Sandbox.Good2);
        using var hostA = Host(watched, "runner-a@ci/pid-1");
        using var hostB = Host(watched, "runner-b@ci/pid-2");

        var a = hostA.Deploy().RunAsync(hostA.Targets(["lobby"])[0], false, Bound);
        var b = hostB.Deploy().RunAsync(hostB.Targets(["lobby"])[0], false, Bound);
        var reports = await Task.WhenAll(a, b);

        Assert.All(reports, r => Assert.Equal(RunOutcome.Promoted, r.Outcome));
        Assert.Single(watched.Writes, w => w == $"create /{Sandbox.AppGroup}/lobby-canary");
        Assert.Single(watched.Writes, w => w == $"put /{Sandbox.AppGroup}/lobby");
        await AssertConvergedAsync(reports[0].Release!.Digest);
    }
}

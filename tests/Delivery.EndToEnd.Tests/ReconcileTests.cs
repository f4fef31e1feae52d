using System.Diagnostics;
using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// Runs that finish without a person, through the real build program on the sandbox: a Deploy paused by its plan
/// (exit 4) is rolled back by <c>Reconcile</c> once the pause's timeout has passed, and a Deploy killed with SIGKILL
/// mid-canary is finished by <c>Reconcile</c>.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReconcileTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 240_000)]
    public async Task PausedDeploy_ExitsFour_ReconcileLeavesItUntilItsTimeoutThenRollsItBack()
    {
        var first = await FirstQuickReleaseAsync();
        Sandbox.Repository.Checkout(Sandbox.QuickPaused);

        var deploy = await BuildAsync(Sandbox.Repository.Root, "Deploy", "--app", "lobby");
        Assert.Equal((int)DeliveryExit.Paused, deploy.Code);
        Assert.Contains("Unless a person acts, it rolls back at", deploy.Output);
        var paused = DateTime.UtcNow;
        Assert.Equal((int)DeliveryExit.ConditionMet, (await BuildAsync(Sandbox.Repository.Root, "Status", "--fail-if", "paused")).Code);

        var early = await BuildAsync(Sandbox.Repository.Root, "Reconcile");
        Assert.Equal(0, early.Code);
        Assert.Contains("lobby: paused for a person until", early.Output);
        Assert.NotNull(await CanaryAsync());

        var left = TimeSpan.FromSeconds(21) - (DateTime.UtcNow - paused);
        if (left > TimeSpan.Zero) await Task.Delay(left, Bound);
        var late = await BuildAsync(Sandbox.Repository.Root, "Reconcile");

        Assert.Equal(0, late.Code);
        Assert.Contains("lobby: RolledBack: Rolled back: Nobody resumed or rolled back the run within the pause's 20s", late.Output);
        await AssertConvergedAsync(first);
    }

    [Fact(Timeout = 240_000)]
    public async Task DeployKilledWithSigkillMidCanary_ReconcileFinishesIt()
    {
        await FirstQuickReleaseAsync();
        Sandbox.Repository.Checkout(Sandbox.QuickGood2);

        using var deploy = StartBuild(Sandbox.Repository.Root, "Deploy", "--app", "lobby");
        var drained = Task.WhenAll(deploy.StandardOutput.ReadToEndAsync(Bound), deploy.StandardError.ReadToEndAsync(Bound));
        var watch = Stopwatch.StartNew();
        while (await CanaryAsync() is null && !deploy.HasExited && watch.Elapsed < TimeSpan.FromSeconds(150)) await Task.Delay(250, Bound);
        Assert.False(deploy.HasExited, "the Deploy ended before its canary was seen");
        deploy.Kill(); // SIGKILL: no finally block, no lease given back, the canary left in Marathon
        await deploy.WaitForExitAsync(Bound);
        Say(string.Concat(await drained));
        Say($"killed the Deploy (pid {deploy.Id}) {watch.Elapsed.TotalSeconds:0.0}s after it started, its canary up");

        var reconcile = await BuildAsync(Sandbox.Repository.Root, "Reconcile");

        Assert.Equal(0, reconcile.Code);
        Assert.Contains("taking over the abandoned", reconcile.Output);
        Assert.Contains("lobby: Promoted:", reconcile.Output);
        var stable = await StableAsync();
        Assert.Equal(Sandbox.QuickGood2, stable!.Labels![StableLabels.Commit]);
        await AssertConvergedAsync(null);
        var again = await BuildAsync(Sandbox.Repository.Root, "Reconcile");
        Assert.Contains("lobby: nothing in flight (Promoted)", again.Output);
    }

    /// <summary>A clean group whose first release is <see cref="SandboxFixture.QuickGood"/>; returns its digest.</summary>
    private async Task<string> FirstQuickReleaseAsync()
    {
        await Sandbox.ResetAsync();
        var (report, error) = await DeployAsync(Sandbox.QuickGood);
        Assert.True(report.Outcome == RunOutcome.Promoted, $"first release: {report.Outcome} {report.Reason} {error}");
        return report.Release!.Digest!;
    }
}

using Delivery.Core.Canary;
using Delivery.Engine;
using Xunit.Abstractions;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// The exit codes a CI job or a script sees, from the real build program (the one <c>./build.sh</c> runs) on the
/// sandbox: every code that needs no canary (those that do are mapped by <see cref="DeliveryExits"/>, unit-tested).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ExitCodeTests(SandboxFixture sandbox, ITestOutputHelper output) : SandboxTest(sandbox, output)
{
    [Fact(Timeout = 120_000)]
    public async Task StatusFailIf_NothingDeployed_UnhealthyExitsSixAndPausedExitsZero()
    {
        await Sandbox.ResetAsync();

        var unhealthy = await BuildAsync(Sandbox.Repository.Root, "Status", "--fail-if", "unhealthy", "paused");
        var paused = await BuildAsync(Sandbox.Repository.Root, "Status", "--fail-if", "paused");

        Assert.Equal((int)DeliveryExit.ConditionMet, unhealthy.Code);
        Assert.Contains("Status --fail-if: lobby is unhealthy.", unhealthy.Output);
        Assert.Equal((int)DeliveryExit.Live, paused.Code);
    }

    [Fact(Timeout = 120_000)]
    public async Task BadInput_ABrokenPipelineFileOrAnUnknownOption_ExitsTwoWithOneLine()
    {
        var root = Path.Combine(Path.GetTempPath(), "delivery-exit-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(Path.Combine(root, ".nuke"));
            Directory.CreateDirectory(Path.Combine(root, "pipelines", "environments"));
            File.Copy(Path.Combine(Sandbox.Repository.Root, "pipelines", "environments", "local.yaml"), Path.Combine(root, "pipelines", "environments", "local.yaml"));
            File.WriteAllText(Path.Combine(root, "pipelines", "lobby.yaml"), "name: lobby\nsource: [\n");

            var file = await BuildAsync(root, "Status");
            var option = await BuildAsync(root, "Deploy", "--colour");

            Assert.Equal((int)DeliveryExit.BadInput, file.Code);
            Assert.Contains("pipelines/lobby.yaml:3:1:", file.Output);
            Assert.DoesNotContain("   at ", file.Output);
            Assert.Equal((int)DeliveryExit.BadInput, option.Code);
            Assert.Contains("Unknown option '--colour'", option.Output);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Rollback_NothingEverDeployed_IsRefusedWithExitTwo()
    {
        await Sandbox.ResetAsync();

        var rollback = await BuildAsync(Sandbox.Repository.Root, "Rollback", "--app", "lobby");

        Assert.Equal((int)DeliveryExit.BadInput, rollback.Code);
        Assert.Contains("Rollback lobby refused", rollback.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task Promote_TheLeaseHeldByAnotherMachine_ExitsFiveAfterTheLockTimeout()
    {
        await Sandbox.ResetAsync();
        using var host = Host();
        var target = host.Targets(["lobby"])[0];
        var other = new LeaseKeeper(Sandbox.Marathon, target, new RunIdentity("ci@runner-9/pid-4242", "held-elsewhere", LeaseIntent.Deploy),
            new ProgressLog(Say, TimeProvider.System), TimeProvider.System);
        var held = await other.AcquireAsync(TimeSpan.FromSeconds(10), Bound);
        try
        {
            var promote = await BuildAsync(Sandbox.Repository.Root, "Promote", "--app", "lobby", "--lock-timeout", "3s");

            Assert.Equal((int)DeliveryExit.LockTimeout, promote.Code);
            Assert.Contains($"failed because ci@runner-9/pid-4242 (run held-elsewhere, Deploy, epoch {held.Epoch}) holds it", promote.Output);
        }
        finally
        {
            await other.ReleaseAsync(CancellationToken.None);
        }
    }
}

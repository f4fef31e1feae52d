using System.Diagnostics;
using Delivery.Core.Hooks;

namespace Delivery.Tests.Hooks;

public sealed class RunningHookTests : IDisposable
{
    private readonly HookFixtures fixtures = new();

    [Fact]
    public async Task StopAsync_ScriptTrapsTerm_TrapCleansUpAndPidIsGone()
    {
        var script = fixtures.Script("pipelines/hooks/load.sh", """
            #!/bin/bash
            trap 'echo cleaned > marker; kill $child; exit 0' TERM
            sleep 30 & child=$!
            touch ready
            wait $child
            """);
        using var runner = fixtures.Runner();
        var hook = new HookSpec("load", HookPhase.DuringAnalysis, [script], null, TimeSpan.FromSeconds(20));

        var running = runner.Start(hook, HookFixtures.Payload with { Phase = "during-analysis" });
        await fixtures.WaitForFileAsync("ready");
        var pid = running.Pid!.Value;
        Assert.False(running.HasExited);
        var result = await running.StopAsync(TimeSpan.FromSeconds(3));

        Assert.True(result.Passed, result.Message);
        Assert.StartsWith("during-analysis hook 'load' stopped after ", result.Message);
        Assert.Equal("cleaned", File.ReadAllText(Path.Combine(fixtures.Root, "marker")).Trim());
        Assert.True(running.HasExited);
        Assert.True(HookFixtures.IsGone(pid));
    }

    [Fact]
    public async Task StopAsync_HookIgnoresTerm_KilledAfterGrace()
    {
        using var runner = fixtures.Runner();
        var running = runner.Start(HookFixtures.Bash("trap '' TERM; touch ready; sleep 30", HookPhase.DuringAnalysis), HookFixtures.Payload);
        await fixtures.WaitForFileAsync("ready");
        var clock = Stopwatch.StartNew();

        var result = await running.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.True(result.Passed, result.Message);
        Assert.True(HookFixtures.IsGone(running.Pid!.Value));
    }

    [Fact]
    public async Task StopAsync_ExitedNonZeroByItself_Fails()
    {
        using var runner = fixtures.Runner();
        var running = runner.Start(HookFixtures.Bash("echo 'cannot reach canary' >&2; exit 4", HookPhase.DuringAnalysis), HookFixtures.Payload);
        for (var i = 0; i < 100 && !running.HasExited; i++) await Task.Delay(30);

        var result = await running.StopAsync(TimeSpan.FromSeconds(1));

        Assert.False(result.Passed);
        Assert.Equal(4, result.Code);
        Assert.Equal("cannot reach canary", result.Output);
    }

    [Fact]
    public async Task Start_PastItsLimit_StoppedByItself()
    {
        using var runner = fixtures.Runner();
        var running = runner.Start(HookFixtures.Bash("sleep 30", HookPhase.DuringAnalysis, timeoutSeconds: 0.3), HookFixtures.Payload);
        for (var i = 0; i < 100 && !running.HasExited; i++) await Task.Delay(30);

        Assert.True(running.HasExited);
        var result = await running.StopAsync(TimeSpan.FromSeconds(1));
        Assert.True(result.Passed, result.Message);
        Assert.Equal("during-analysis hook 'smoke' stopped at its limit of 300ms", result.Message);
    }

    [Fact]
    public async Task DisposeAsync_NotStopped_StopsIt()
    {
        using var runner = fixtures.Runner();
        int pid;
        await using (var running = runner.Start(HookFixtures.Bash("sleep 30", HookPhase.DuringAnalysis), HookFixtures.Payload))
        {
            pid = running.Pid!.Value;
        }

        Assert.True(HookFixtures.IsGone(pid));
    }

    [Fact]
    public async Task Start_ProgramNotFound_AlreadyEndedAndFailed()
    {
        using var runner = fixtures.Runner();
        var hook = new HookSpec("load", HookPhase.DuringAnalysis, ["/no/such/load-generator"], null, TimeSpan.FromSeconds(5));

        var running = runner.Start(hook, HookFixtures.Payload);

        Assert.True(running.HasExited);
        Assert.Null(running.Pid);
        var result = await running.StopAsync(TimeSpan.FromSeconds(1));
        Assert.False(result.Passed);
        Assert.StartsWith("during-analysis hook 'load' could not start: ", result.Message);
    }

    public void Dispose() => fixtures.Dispose();
}

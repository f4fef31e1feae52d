using System.Diagnostics;
using System.Text.Json;
using Delivery.Core.Hooks;

namespace Delivery.Tests.Hooks;

public sealed class CommandHookTests : IDisposable
{
    private readonly HookFixtures fixtures = new();

    [Fact]
    public async Task RunAsync_ExitZero_PassesWithTheRunInItsEnvironment()
    {
        using var runner = fixtures.Runner();
        var hook = HookFixtures.Bash("""
            echo "$DELIVERY_PIPELINE|$DELIVERY_ENVIRONMENT|$DELIVERY_RUN_ID|$DELIVERY_PHASE|$DELIVERY_TRACK|$DELIVERY_RELEASE"
            echo "$DELIVERY_ZONES|$DELIVERY_CANARY_APP|$DELIVERY_STABLE_APP|$DELIVERY_CANARY_TASKS"
            echo "$DELIVERY_IMAGE"
            echo "$DELIVERY_HOOK_PAYLOAD"
            """);

        var result = await runner.RunAsync(hook, HookFixtures.Payload, CancellationToken.None);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(0, result.Code);
        Assert.StartsWith("pre-rollout hook 'smoke' passed after ", result.Message);
        var lines = result.Output.Split('\n');
        Assert.Equal("lobby|production|run-42|pre-rollout|canary|0123abcd", lines[0]);
        Assert.Equal("us-east-1a,us-east-1b|/games/lobby-canary|/games/lobby|us-east-1a=10.0.1.7:31001 us-east-1b=10.0.2.9:31005", lines[1]);
        Assert.Equal(HookFixtures.Payload.Release.Image, lines[2]);
        using var payload = JsonDocument.Parse(lines[3]);
        Assert.Equal(["us-east-1a", "us-east-1b"], payload.RootElement.GetProperty("zones").EnumerateArray().Select(z => z.GetString()));
    }

    [Fact]
    public async Task RunAsync_ExitThree_FailsWithCodeAndStderrTail()
    {
        using var runner = fixtures.Runner();

        var result = await runner.RunAsync(HookFixtures.Bash("echo checking; echo 'lobby answered 500' >&2; exit 3"), HookFixtures.Payload, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal(3, result.Code);
        Assert.Matches(@"^pre-rollout hook 'smoke' exited with 3 after \d+(\.\d)?m?s$", result.Message);
        Assert.Contains("lobby answered 500", result.Output);
    }

    [Fact]
    public async Task RunAsync_ManyLines_KeepsTheLastTwenty()
    {
        using var runner = fixtures.Runner();

        var result = await runner.RunAsync(HookFixtures.Bash("seq 1 500"), HookFixtures.Payload, CancellationToken.None);

        Assert.Equal(Enumerable.Range(481, 20).Select(i => i.ToString()), result.Output.Split('\n'));
    }

    [Fact]
    public async Task RunAsync_LongLines_KeepsAtMostFourKilobytes()
    {
        using var runner = fixtures.Runner();

        var result = await runner.RunAsync(HookFixtures.Bash("for i in $(seq 1 10); do printf 'x%.0s' $(seq 1 1500); echo; done; printf 'y%.0s' $(seq 1 9000)"),
            HookFixtures.Payload, CancellationToken.None);

        Assert.Equal(new string('y', 4096), result.Output);
    }

    [Fact]
    public async Task RunAsync_SecretPrinted_Redacted()
    {
        using var runner = fixtures.Runner(s => s.Replace("hunter2", "***", StringComparison.Ordinal));

        var result = await runner.RunAsync(HookFixtures.Bash("echo \"token=hunter2\"; echo hunter2 >&2"), HookFixtures.Payload, CancellationToken.None);

        Assert.DoesNotContain("hunter2", result.Output);
        Assert.Contains("token=***", result.Output);
    }

    [Fact]
    public async Task RunAsync_PastTimeout_StoppedAndFails()
    {
        using var runner = fixtures.Runner();
        var clock = Stopwatch.StartNew();

        var result = await runner.RunAsync(HookFixtures.Bash("sleep 30", timeoutSeconds: 0.5), HookFixtures.Payload, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.False(result.Passed);
        Assert.Null(result.Code);
        Assert.Equal("pre-rollout hook 'smoke' timed out after 500ms", result.Message);
    }

    [Fact]
    public async Task RunAsync_ProgramNotFound_FailsWithOneLine()
    {
        using var runner = fixtures.Runner();
        var hook = new HookSpec("smoke", HookPhase.PreRollout, ["pipelines/hooks/missing.sh", "--fast"], null, TimeSpan.FromSeconds(5));

        var result = await runner.RunAsync(hook, HookFixtures.Payload, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Null(result.Code);
        Assert.StartsWith("pre-rollout hook 'smoke' could not start: ", result.Message);
        Assert.DoesNotContain('\n', result.Message);
    }

    [Fact]
    public async Task RunAsync_RelativeProgram_RunsFromTheRepositoryRoot()
    {
        var script = fixtures.Script("pipelines/hooks/smoke.sh", "#!/bin/bash\npwd\necho \"args: $*\"\n");
        using var runner = fixtures.Runner();
        var hook = new HookSpec("smoke", HookPhase.PreRollout, [script, "a b", "$HOME"], null, TimeSpan.FromSeconds(5));

        var result = await runner.RunAsync(hook, HookFixtures.Payload, CancellationToken.None);

        Assert.True(result.Passed, result.Message);
        // Arguments arrive as given: no shell splits "a b" or expands $HOME.
        Assert.Equal($"{fixtures.Root}\nargs: a b $HOME", result.Output);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheProcessAndThrows()
    {
        using var runner = fixtures.Runner();
        using var cancel = new CancellationTokenSource();
        var run = runner.RunAsync(HookFixtures.Bash("echo $$ > pid; exec sleep 30"), HookFixtures.Payload, cancel.Token);
        await fixtures.WaitForFileAsync("pid");

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(HookFixtures.IsGone(int.Parse(File.ReadAllText(Path.Combine(fixtures.Root, "pid")).Trim())));
    }

    public void Dispose() => fixtures.Dispose();
}

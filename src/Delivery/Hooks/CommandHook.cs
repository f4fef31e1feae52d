using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// Runs a command hook: to its end for the gate phases, in the background for a load generator. Its verdict is the
/// exit code; past its timeout it is stopped (SIGTERM, then SIGKILL after <see cref="KillGrace"/>) and has failed.
/// </summary>
internal sealed class CommandHook(string workingDirectory, TimeProvider time, Func<string, string> redact)
{
    /// <summary>How long a timed-out or cancelled hook gets between SIGTERM and SIGKILL: enough to remove a temp container.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    public async Task<HookResult> RunAsync(HookSpec hook, HookPayload payload, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var process = HookProcess.TryStart(hook, payload, workingDirectory, time, redact, out var error);
        if (process is null) return CouldNotStart(hook, error!, time.GetElapsedTime(started));

        using var limit = new CancellationTokenSource(hook.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, ct);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped the same way whether the hook ran out of time or the run was cancelled: nothing is left running.
            await process.StopAsync(KillGrace).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            var output = await process.OutputAsync().ConfigureAwait(false);
            return new HookResult(hook.Name, hook.Phase, false, null, time.GetElapsedTime(started),
                redact($"{hook} timed out after {HookMessages.Seconds(hook.Timeout)}"), output);
        }
        return await ExitedAsync(hook, process, time.GetElapsedTime(started)).ConfigureAwait(false);
    }

    /// <summary>Starts a during-analysis hook; a program that cannot start gives a handle that has already ended.</summary>
    public RunningHook Start(HookSpec hook, HookPayload payload)
    {
        var started = time.GetTimestamp();
        var process = HookProcess.TryStart(hook, payload, workingDirectory, time, redact, out var error);
        return process is null
            ? new RunningHook(hook, new EndedRun(CouldNotStart(hook, error!, time.GetElapsedTime(started))))
            : new RunningHook(hook, new CommandRun(hook, process, time, started));
    }

    /// <summary>The result of a hook that exited by itself: exit 0 passes.</summary>
    public static async Task<HookResult> ExitedAsync(HookSpec hook, HookProcess process, TimeSpan duration)
    {
        var output = await process.OutputAsync().ConfigureAwait(false);
        var code = process.ExitCode;
        var message = code == 0
            ? $"{hook} passed after {HookMessages.Seconds(duration)}"
            : $"{hook} exited with {code} after {HookMessages.Seconds(duration)}";
        return new HookResult(hook.Name, hook.Phase, code == 0, code, duration, message, output);
    }

    private HookResult CouldNotStart(HookSpec hook, string error, TimeSpan duration) =>
        new(hook.Name, hook.Phase, false, null, duration, redact($"{hook} could not start: {error}"), "");
}

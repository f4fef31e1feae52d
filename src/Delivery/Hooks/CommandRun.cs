using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// A load generator's process while the analysis runs. A watcher ends it at the hook's time limit, so a forgotten
/// handle cannot leave it running forever; <see cref="StopAsync"/> ends it when the analysis is over.
/// </summary>
internal sealed class CommandRun : IHookRun
{
    private const int Running = 0, StoppedByCaller = 1, StoppedAtLimit = 2;

    private readonly HookSpec hook;
    private readonly HookProcess process;
    private readonly TimeProvider time;
    private readonly long started;
    private readonly CancellationTokenSource limit;
    private readonly Task watcher;
    private int ending = Running;

    public CommandRun(HookSpec hook, HookProcess process, TimeProvider time, long started)
    {
        this.hook = hook;
        this.process = process;
        this.time = time;
        this.started = started;
        limit = new CancellationTokenSource(hook.Timeout, time);
        watcher = WatchAsync();
    }

    public int? Pid => process.Pid;

    public bool HasExited => process.HasExited;

    public async Task<HookResult> StopAsync(TimeSpan grace)
    {
        if (!process.HasExited)
        {
            // Whoever marks the ending first owns it: a stop that loses to the limit reports the limit.
            Interlocked.CompareExchange(ref ending, StoppedByCaller, Running);
            await process.StopAsync(grace).ConfigureAwait(false);
        }
        await watcher.ConfigureAwait(false);
        var duration = time.GetElapsedTime(started);
        try
        {
            return ending switch
            {
                StoppedByCaller => await StoppedAsync($"{hook} stopped after {HookMessages.Seconds(duration)}", duration).ConfigureAwait(false),
                StoppedAtLimit => await StoppedAsync($"{hook} stopped at its limit of {HookMessages.Seconds(hook.Timeout)}", duration).ConfigureAwait(false),
                _ => await CommandHook.ExitedAsync(hook, process, duration).ConfigureAwait(false),
            };
        }
        finally
        {
            limit.Dispose();
            process.Dispose();
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.CompareExchange(ref ending, StoppedAtLimit, Running);
            await process.StopAsync(CommandHook.KillGrace).ConfigureAwait(false);
        }
    }

    /// <summary>Stopped by us, at the end of the analysis or at its limit: it did its job, whatever its exit code.</summary>
    private async Task<HookResult> StoppedAsync(string message, TimeSpan duration) =>
        new(hook.Name, hook.Phase, true, process.ExitCode, duration, message, await process.OutputAsync().ConfigureAwait(false));
}

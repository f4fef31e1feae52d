using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// A during-analysis hook (a load generator) that is running while the metric analysis measures. The engine stops it
/// when the analysis ends, whatever the outcome; disposing the handle without stopping stops it too, so an aborted
/// run never leaves a load generator hammering the canary.
/// </summary>
public sealed class RunningHook : IAsyncDisposable
{
    private readonly IHookRun run;
    private readonly Lock gate = new();
    private Task<HookResult>? stopping;

    internal RunningHook(HookSpec hook, IHookRun run)
    {
        Hook = hook;
        this.run = run;
    }

    public HookSpec Hook { get; }

    /// <summary>The process id of a command hook; null for a URL hook and for a command that could not start.</summary>
    public int? Pid => run.Pid;

    /// <summary>True once it has ended: by itself, at its time limit, or stopped.</summary>
    public bool HasExited => run.HasExited;

    /// <summary>
    /// Stops it if still running (SIGTERM, <paramref name="grace"/> to clean up, then SIGKILL of its tree) and reports
    /// how it went. Being stopped is success: its job was to run. It failed only if it exited non-zero by itself or
    /// could not start. Later calls return the first call's result.
    /// </summary>
    public Task<HookResult> StopAsync(TimeSpan grace)
    {
        lock (gate) return stopping ??= run.StopAsync(grace);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CommandHook.KillGrace).ConfigureAwait(false);
}

/// <summary>What a running hook is, command or URL, behind <see cref="RunningHook"/>.</summary>
internal interface IHookRun
{
    int? Pid { get; }

    bool HasExited { get; }

    /// <summary>Called at most once, by <see cref="RunningHook.StopAsync"/>.</summary>
    Task<HookResult> StopAsync(TimeSpan grace);
}

/// <summary>A hook that ended before it ran (its program could not start): there is nothing to stop.</summary>
internal sealed class EndedRun(HookResult result) : IHookRun
{
    public int? Pid => null;

    public bool HasExited => true;

    public Task<HookResult> StopAsync(TimeSpan grace) => Task.FromResult(result);
}

using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// The port through which the engine runs a pipeline's hooks. A hook's failure is a measurement, not an exception:
/// the canary planner decides what a failed smoke test or a refused promotion means.
/// </summary>
public interface IHookRunner
{
    /// <summary>
    /// Runs a hook to its end (pre-rollout, confirm-promotion, post-rollout). Never throws for the hook's own failure
    /// (exit code, HTTP status, timeout, a program that cannot start); throws <see cref="OperationCanceledException"/>
    /// only when <paramref name="ct"/> is cancelled, after the hook's process has been stopped.
    /// </summary>
    Task<HookResult> RunAsync(HookSpec hook, HookPayload payload, CancellationToken ct);

    /// <summary>Starts a during-analysis hook (a load generator) and returns at once; the handle stops it.</summary>
    RunningHook Start(HookSpec hook, HookPayload payload);
}

namespace Delivery.Core.Hooks;

/// <summary>When a hook runs during a canary run (Flagger's webhook types, done with a timeout and a report).</summary>
public enum HookPhase
{
    /// <summary>Once the canaries are healthy in every zone, before any weight moves: a smoke test; failure rolls back.</summary>
    PreRollout,

    /// <summary>Started when the metric analysis starts and stopped (by pid) when it ends: a load generator.</summary>
    DuringAnalysis,

    /// <summary>Before promotion, once the analysis passed: a gate; a refusal pauses for a person.</summary>
    ConfirmPromotion,

    /// <summary>After the run ended (promoted or rolled back): its outcome is reported, never changes the run's.</summary>
    PostRollout,
}

/// <summary>
/// One hook of a pipeline or environment: a command (run from the repository root, no shell) or an HTTP POST of the
/// run's JSON payload. Exactly one of <paramref name="Command"/> and <paramref name="Url"/> is set.
/// </summary>
/// <param name="Timeout">The longest a hook may take (for <see cref="HookPhase.DuringAnalysis"/>: the longest it may run).</param>
public sealed record HookSpec(string Name, HookPhase Phase, IReadOnlyList<string>? Command, Uri? Url, TimeSpan Timeout)
{
    public static string PhaseName(HookPhase phase) => phase switch
    {
        HookPhase.PreRollout => "pre-rollout",
        HookPhase.DuringAnalysis => "during-analysis",
        HookPhase.ConfirmPromotion => "confirm-promotion",
        _ => "post-rollout",
    };

    public override string ToString() => $"{PhaseName(Phase)} hook '{Name}'";
}

/// <summary>What a hook did: passed (exit 0 or HTTP 2xx) or not, with the figures and the tail of its output.</summary>
/// <param name="Code">Exit code of a command, HTTP status of a call; null when it never finished (timeout, could not start).</param>
/// <param name="Output">The last lines of its output (command: stdout and stderr; HTTP: the answer's body), secrets removed.</param>
public sealed record HookResult(string Name, HookPhase Phase, bool Passed, int? Code, TimeSpan Duration, string Message, string Output);

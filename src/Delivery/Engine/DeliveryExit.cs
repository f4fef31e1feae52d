using Delivery.Core;

namespace Delivery.Engine;

/// <summary>
/// How a Delivery command ends, as its process exit code: CI and scripts tell these apart without reading the log.
/// The README's table lists them; the values never change meaning.
/// </summary>
public enum DeliveryExit
{
    /// <summary>Done as asked: the release is live (promoted, or it already was), or a Rollback restored the last good one.</summary>
    Live = 0,

    /// <summary>Something failed on the way (Marathon, the registry, the Docker engine, a crash): see the message.</summary>
    Failed = 1,

    /// <summary>Bad input or a refused request, with nothing changed: a file (file:line:col), a parameter, a release rolled back before.</summary>
    BadInput = 2,

    /// <summary>The canary was judged and rolled back: stable runs the release it ran before.</summary>
    RolledBack = 3,

    /// <summary>The run waits for a person: <c>./build.sh Promote</c> or <c>./build.sh Rollback</c>.</summary>
    Paused = 4,

    /// <summary>Another run held the pipeline's lease for longer than <c>--lock-timeout</c>.</summary>
    LockTimeout = 5,

    /// <summary><c>Status --fail-if</c>: the named condition holds.</summary>
    ConditionMet = 6,
}

public static class DeliveryExits
{
    /// <summary>The exit of one run: from the error that ended it, else from its outcome (<paramref name="live"/> says what counts as done).</summary>
    public static DeliveryExit Of(RunReport report, Exception? error, Func<RunReport, bool> live) => Unwrap(error) switch
    {
        LeaseTimeoutException => DeliveryExit.LockTimeout,
        RequestRefusedException => DeliveryExit.BadInput,
        not null => DeliveryExit.Failed,
        null when live(report) => DeliveryExit.Live,
        _ => report.Outcome switch
        {
            RunOutcome.RolledBack => DeliveryExit.RolledBack,
            RunOutcome.Paused => DeliveryExit.Paused,
            RunOutcome.Promoted or RunOutcome.AlreadyLive => DeliveryExit.Live,
            _ => DeliveryExit.Failed,
        },
    };

    /// <summary>
    /// The exit of several runs: the one that most needs attention. A failure first (nothing decided), then a lock
    /// timeout and a refusal (nothing tried), then a pause (a person must act), then a rollback (already handled).
    /// </summary>
    public static DeliveryExit Worst(IEnumerable<DeliveryExit> exits) =>
        exits.OrderBy(e => Array.IndexOf(Precedence, e)).DefaultIfEmpty(DeliveryExit.Live).First();

    private static readonly DeliveryExit[] Precedence =
        [DeliveryExit.Failed, DeliveryExit.LockTimeout, DeliveryExit.BadInput, DeliveryExit.Paused, DeliveryExit.RolledBack, DeliveryExit.ConditionMet, DeliveryExit.Live];

    private static Exception? Unwrap(Exception? error) => error is RunFailedException { InnerException: { } inner } ? inner : error;
}

using Delivery.Core.Values;

namespace Delivery.Core.Gates;

/// <summary>
/// What a gate saw, as data rather than an exception (Argo Rollouts' <c>Measurement</c>): the phase, the numbers
/// behind it and a sentence for people. Failed rolls back; Error and Inconclusive count against limits of their own.
/// </summary>
/// <param name="Gate">The gate's name, e.g. <c>health</c> or a metric check's name.</param>
/// <param name="Zone">The zone measured, or null for a measurement of the whole service.</param>
/// <param name="Numbers">The values the gate compared, typed by gate (<see cref="CanaryHealthNumbers"/>, <see cref="CountedNumbers"/>, ...).</param>
public sealed record Measurement(
    string Gate,
    Zone? Zone,
    GatePhase Phase,
    string Message,
    GateNumbers Numbers,
    DateTimeOffset At);

public enum GatePhase
{
    /// <summary>Not decided yet and still within its deadline (e.g. canaries starting).</summary>
    Pending,

    /// <summary>The release looks good on this gate.</summary>
    Passed,

    /// <summary>The release is bad on this gate: roll back.</summary>
    Failed,

    /// <summary>The gate could not measure (metrics server down, bad query): a limit of consecutive errors applies.</summary>
    Error,

    /// <summary>The gate measured but cannot judge (no data, no traffic): a limit applies, then a person decides.</summary>
    Inconclusive,
}

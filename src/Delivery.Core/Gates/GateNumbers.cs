namespace Delivery.Core.Gates;

/// <summary>
/// The numbers a gate compared, as a typed value for the code that decides on them, and by name (<see cref="ByName"/>)
/// for reports and the journal, which print them as a JSON object.
/// </summary>
public abstract record GateNumbers
{
    /// <summary>The numbers by their report name, in the order reports have always printed them.</summary>
    public abstract IReadOnlyDictionary<string, double> ByName();

    /// <summary>No numbers: a gate that could not measure.</summary>
    public static GateNumbers None { get; } = new NamedNumbers(new Dictionary<string, double>());
}

/// <summary>What the health gate saw of the canary in one zone.</summary>
/// <param name="Elapsed">Since the step began (never negative): with <paramref name="Deadline"/>, when the zone is due.</param>
public sealed record CanaryHealthNumbers(
    int Expected, int Healthy, int Running, int Staged, int Failures, int FailureLimit, TimeSpan Window, int WorstStreak,
    TimeSpan Elapsed, TimeSpan Deadline) : GateNumbers
{
    /// <summary>How long the zone still has before its health deadline (negative once past it).</summary>
    public TimeSpan Left => Deadline - Elapsed;

    public override IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        ["expected"] = Expected, ["healthy"] = Healthy, ["running"] = Running, ["staged"] = Staged, ["failures"] = Failures,
        ["failureLimit"] = FailureLimit, ["windowSeconds"] = Window.TotalSeconds, ["worstStreak"] = WorstStreak,
        ["elapsedSeconds"] = Elapsed.TotalSeconds, ["deadlineSeconds"] = Deadline.TotalSeconds,
    };
}

/// <summary>What the health gate saw of the stable app in one zone.</summary>
public sealed record StableHealthNumbers(int Expected, int Healthy, int Failures, int FailureLimit) : GateNumbers
{
    public override IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        ["expected"] = Expected, ["healthy"] = Healthy, ["failures"] = Failures, ["failureLimit"] = FailureLimit,
    };
}

/// <summary>
/// A metric check's numbers. They stay named: which of them a check reports depends on its kind and on what the
/// read found (no canary value, no stable traffic), and nothing decides on them after the judge; reports chart them by name.
/// </summary>
public sealed record NamedNumbers(IReadOnlyDictionary<string, double> Values) : GateNumbers
{
    public override IReadOnlyDictionary<string, double> ByName() => Values;
}

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
    public static GateNumbers None { get; } = new NoNumbers();
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
/// What an error-rate or latency check saw in one zone: requests per track in the last interval and since the analysis
/// began, the canary's and stable's value over each (a share of failed requests, or a latency quantile in seconds; null
/// without traffic), the hard limits that applied, and the sequential comparison once it was reached.
/// </summary>
/// <param name="Bound">Latency only: the bucket bound (seconds) that slow requests are counted above.</param>
public sealed record CountedNumbers(
    double CanaryRequests, double StableRequests, double CanaryTotalRequests, double StableTotalRequests,
    double? Canary, double? Stable, double? CanaryTotal, double? StableTotal) : GateNumbers
{
    public double? Limit { get; init; }
    public double? RatioLimit { get; init; }
    public double? Bound { get; init; }
    public ComparisonNumbers? Comparison { get; init; }

    public override IReadOnlyDictionary<string, double> ByName()
    {
        var numbers = new Dictionary<string, double>
        {
            ["canaryRequests"] = CanaryRequests, ["stableRequests"] = StableRequests,
            ["canaryTotalRequests"] = CanaryTotalRequests, ["stableTotalRequests"] = StableTotalRequests,
        };
        Put(numbers, "canary", Canary);
        Put(numbers, "stable", Stable);
        Put(numbers, "canaryTotal", CanaryTotal);
        Put(numbers, "stableTotal", StableTotal);
        Put(numbers, "limit", Limit);
        Put(numbers, "ratioLimit", RatioLimit);
        Put(numbers, "bound", Bound);
        if (Comparison is { } c)
        {
            numbers["difference"] = c.Difference;
            numbers["lower"] = c.Lower;
            numbers["upper"] = c.Upper;
            numbers["tolerance"] = c.Tolerance;
            numbers["alpha"] = c.Alpha;
        }
        return numbers;
    }

    internal static void Put(Dictionary<string, double> numbers, string name, double? value)
    {
        if (value is { } v) numbers[name] = v;
    }
}

/// <summary>The sequential comparison: canary minus stable as a share, its always-valid bounds, the tolerance and the α spent.</summary>
public sealed record ComparisonNumbers(double Difference, double Lower, double Upper, double Tolerance, double Alpha);

/// <summary>What a query check saw in one zone: its threshold, each track's latest value, and the limit relative to stable.</summary>
public sealed record QueryNumbers(double Limit, double? Canary, double? Stable) : GateNumbers
{
    public double? RatioLimit { get; init; }

    public override IReadOnlyDictionary<string, double> ByName()
    {
        var numbers = new Dictionary<string, double> { ["limit"] = Limit };
        CountedNumbers.Put(numbers, "canary", Canary);
        CountedNumbers.Put(numbers, "stable", Stable);
        CountedNumbers.Put(numbers, "ratioLimit", RatioLimit);
        return numbers;
    }
}

/// <summary>A gate that had nothing to compare (the metrics could not be read).</summary>
internal sealed record NoNumbers : GateNumbers
{
    public override IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>();
}

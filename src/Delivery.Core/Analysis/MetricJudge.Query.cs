using Delivery.Core.Canary;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Analysis;

// A query check has a value per track and no counts behind it: it can only be compared with its threshold and with
// stable (hard gates), read by read. It passes while the canary's latest value is within both.
public static partial class MetricJudge
{
    private static Measurement JudgeQuery(QueryCheck check, Zone zone, JudgeContext context)
    {
        var reading = context.Reading.In(zone);
        var canary = reading.Canary.Window is ValueSample c && double.IsFinite(c.Value) ? c.Value : (double?)null;
        var stable = reading.Stable.Window is ValueSample s && double.IsFinite(s.Value) ? s.Value : (double?)null;
        var numbers = new QueryNumbers(check.Threshold, canary, stable);
        var prefix = $"{check.Name} in {zone}";
        var stableSays = $"stable {Text.Value(stable)}";
        if (canary is not { } value)
        {
            return context.OutOfTime
                ? Measure(check, zone, context.Reading, GatePhase.Inconclusive, $"{prefix}: no value for the canary in {Text.Duration(context.Elapsed)}", numbers)
                : Measure(check, zone, context.Reading, GatePhase.Pending, $"{prefix}: no value for the canary yet ({stableSays})", numbers);
        }
        if (!Holds(value, check.Comparison, check.Threshold))
            return Measure(check, zone, context.Reading, GatePhase.Failed,
                $"{prefix}: the canary's value {Text.Value(value)} is not {Text.Comparison(check.Comparison)} {Text.Value(check.Threshold)} ({stableSays})", numbers);
        if (check.MaxRatio is { } ratio && stable is { } baseline && baseline > 0)
        {
            numbers = numbers with { RatioLimit = ratio * baseline };
            if (value > ratio * baseline)
                return Measure(check, zone, context.Reading, GatePhase.Failed,
                    $"{prefix}: the canary's value {Text.Value(value)} is more than {ratio:0.##}× stable's {Text.Value(baseline)}", numbers);
        }
        return Measure(check, zone, context.Reading, GatePhase.Passed,
            $"{prefix}: the canary's value {Text.Value(value)} is {Text.Comparison(check.Comparison)} {Text.Value(check.Threshold)} ({stableSays})", numbers);
    }

    private static bool Holds(double value, Comparison comparison, double threshold) => comparison switch
    {
        Comparison.LessThan => value < threshold,
        Comparison.LessOrEqual => value <= threshold,
        Comparison.GreaterThan => value > threshold,
        _ => value >= threshold,
    };
}

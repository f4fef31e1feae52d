using Delivery.Core.Analysis.Statistics;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Analysis;

// Latency: a quantile from histogram buckets. Hard gates ask whether more than (1 − q) of the canary's requests in the
// last interval were surely slower than the limit (which is what "its quantile is above the limit" means); the
// sequential comparison counts the requests slower than the bucket bound at stable's quantile since the analysis
// began. Stable's, not both tracks' pooled: a slower canary would drag a pooled bound above its own slowness and hide
// it (the benchmark lost a +50 ms regression that way). Picking the bound from stable's data favours stable only when its
// quantile sits right at a bucket bound, and then by less than the tolerance the failure needs on top of significance.
public static partial class MetricJudge
{
    private static Measurement JudgeLatency(LatencyCheck check, Zone zone, JudgeContext context)
    {
        var reading = context.Reading.In(zone);
        var (canaryWindow, stableWindow) = (Buckets(reading.Canary.Window), Buckets(reading.Stable.Window));
        var (canaryTotal, stableTotal) = (Buckets(reading.Canary.Total), Buckets(reading.Stable.Total));
        var q = check.Quantile;
        var canaryQ = Histograms.Quantile(canaryWindow, q);
        var stableQ = Histograms.Quantile(stableWindow, q);
        var numbers = new CountedNumbers(
            Histograms.Total(canaryWindow), Histograms.Total(stableWindow), Histograms.Total(canaryTotal), Histograms.Total(stableTotal),
            canaryQ, stableQ, Histograms.Quantile(canaryTotal, q), Histograms.Quantile(stableTotal, q));
        var prefix = $"{check.Name} in {zone}";
        var label = $"p{Text.Quantile(q)}";
        var window = Text.Duration(context.Reading.Window);
        var stableSays = $"stable {label} {Text.Milliseconds(stableQ)}";

        if (check.Limit is { } limit)
        {
            numbers = numbers with { Limit = limit.TotalSeconds };
            // Stable surely as slow: a zone problem, not the release (the comparisons with stable still judge the canary).
            var zoneWide = SurelySlower(stableWindow, limit.TotalSeconds, q, context.HardZ) is not null;
            if (!zoneWide && SurelySlower(canaryWindow, limit.TotalSeconds, q, context.HardZ) is { } slow)
                return Measure(check, zone, context.Reading, GatePhase.Failed,
                    $"{prefix}: {Text.Count(slow)} of {Text.Count(Histograms.Total(canaryWindow))} canary requests in the last {window} took longer than {Text.Milliseconds(Histograms.BoundAtOrAbove(canaryWindow, limit.TotalSeconds))}, so its {label} ({Text.Milliseconds(canaryQ)}) is surely above the {Text.Milliseconds(limit.TotalSeconds)} limit ({stableSays})",
                    numbers);
        }
        if (check.MaxRatio is { } ratio && stableQ is { } stableQuantile && stableQuantile > 0)
        {
            var ceiling = ratio * stableQuantile;
            numbers = numbers with { RatioLimit = ceiling };
            if (SurelySlower(canaryWindow, ceiling, q, context.HardZ) is not null)
                return Measure(check, zone, context.Reading, GatePhase.Failed,
                    $"{prefix}: the canary's {label} in the last {window} ({Text.Milliseconds(canaryQ)}) is surely more than {ratio:0.##}× stable's ({Text.Milliseconds(stableQuantile)})",
                    numbers);
        }

        var bound = Histograms.Quantile(stableTotal, q) is { } reference ? Histograms.BoundAtOrAbove(stableTotal, reference) : double.PositiveInfinity;
        if (double.IsFinite(bound)) numbers = numbers with { Bound = bound };
        var canary = (double.IsFinite(bound) ? Histograms.Above(canaryTotal, bound) : 0, Histograms.Total(canaryTotal));
        var stable = (double.IsFinite(bound) ? Histograms.Above(stableTotal, bound) : 0, Histograms.Total(stableTotal));
        var (phase, message, comparison) = Sequential(context, zone, check.Name, $"slower than {Text.Milliseconds(double.IsFinite(bound) ? bound : null)} since the analysis began",
            check.MaxIncrease, canary, stable);
        return Measure(check, zone, context.Reading, phase, message, numbers with { Comparison = comparison });
    }

    /// <summary>The slow count when more than 1 − q of the requests were surely (Wilson) slower than <paramref name="seconds"/>; else null.</summary>
    private static double? SurelySlower(IReadOnlyList<HistogramBucket> buckets, double seconds, double q, double z)
    {
        var total = Histograms.Total(buckets);
        var slow = Histograms.Above(buckets, seconds);
        return total > 0 && Wilson.Lower(slow, total, z) > 1 - q ? slow : null;
    }

    private static IReadOnlyList<HistogramBucket> Buckets(MetricSample sample) => sample is HistogramSample h ? h.Buckets : [];
}

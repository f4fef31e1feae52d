using Delivery.Core.Analysis.Statistics;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Analysis;

// Error rates: failed requests among all requests, per track.
public static partial class MetricJudge
{
    private static Measurement JudgeErrors(ErrorRateCheck check, Zone zone, JudgeContext context)
    {
        var reading = context.Reading.In(zone);
        var (canaryWindow, stableWindow) = (Counts(reading.Canary.Window), Counts(reading.Stable.Window));
        var (canaryTotal, stableTotal) = (Counts(reading.Canary.Total), Counts(reading.Stable.Total));
        var numbers = new CountedNumbers(canaryWindow.All, stableWindow.All, canaryTotal.All, stableTotal.All,
            Share(canaryWindow), Share(stableWindow), Share(canaryTotal), Share(stableTotal));
        var window = Text.Duration(context.Reading.Window);
        var prefix = $"{check.Name} in {zone}";
        var z = context.HardZ;
        var canaryLower = Wilson.Lower(canaryWindow.Bad, canaryWindow.All, z);
        var stableSays = $"stable {Text.Percent(stableWindow.Bad, stableWindow.All)} of {Text.Count(stableWindow.All)}";
        if (check.Limit is { } limit)
        {
            numbers = numbers with { Limit = limit };
            // Stable surely over the limit too: the zone has a problem (a dependency down), not the release. The
            // comparisons with stable below still judge the canary; the absolute limit says nothing here.
            var zoneWide = Wilson.Lower(stableWindow.Bad, stableWindow.All, z) > limit;
            if (canaryLower > limit && !zoneWide)
                return Measure(check, zone, context.Reading, GatePhase.Failed,
                    $"{prefix}: the canary failed {Text.Count(canaryWindow.Bad)} of {Text.Count(canaryWindow.All)} requests ({Text.Percent(canaryWindow.Bad, canaryWindow.All)}) in the last {window}, surely above the {Text.Percent(limit)} limit ({stableSays})",
                    numbers);
        }
        if (check.MaxRatio is { } ratio && stableWindow.All > 0)
        {
            var ceiling = ratio * Wilson.Upper(stableWindow.Bad, stableWindow.All, z);
            numbers = numbers with { RatioLimit = ceiling };
            if (canaryLower > ceiling)
                return Measure(check, zone, context.Reading, GatePhase.Failed,
                    $"{prefix}: the canary failed {Text.Percent(canaryWindow.Bad, canaryWindow.All)} of {Text.Count(canaryWindow.All)} requests in the last {window}, surely more than {ratio:0.##}× stable's ({stableSays})",
                    numbers);
        }
        var (phase, message, comparison) = Sequential(context, zone, check.Name, "failed since the analysis began", check.MaxIncrease, canaryTotal, stableTotal);
        return Measure(check, zone, context.Reading, phase, message, numbers with { Comparison = comparison });
    }

    private static (double Bad, double All) Counts(MetricSample sample) =>
        sample is CountSample c ? (Math.Max(0, Math.Round(c.Failed)), Math.Max(0, Math.Round(c.Requests))) : (0, 0);

    /// <summary>The share of failed requests; null without requests.</summary>
    private static double? Share((double Bad, double All) counts) => counts.All > 0 ? Math.Min(1, counts.Bad / counts.All) : null;
}

using Delivery.Core.Analysis.Statistics;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Analysis;

/// <summary>
/// Judges one read of one check, zone by zone, canary against stable (pure: the same reading gives the same verdicts).
/// Two gates per zone:
/// <list type="bullet">
/// <item><b>Hard gate</b>, on the last interval alone: the canary is surely (Wilson bound) beyond an absolute limit or
/// a multiple of stable. It catches a gross regression (a 30% error rate) at the first read after the canaries are up.</item>
/// <item><b>Sequential comparison</b>, on everything since the analysis began (<see cref="ProportionDifference"/>): fails
/// when the canary is surely worse and its estimate is beyond the tolerance; passes when it is surely no more than the
/// tolerance worse; otherwise waits, up to <see cref="AnalysisPolicy.MaxDuration"/>, then is inconclusive.</item>
/// </list>
/// The error budget 1 − <see cref="AnalysisPolicy.Confidence"/> is split in two halves (hard gates, sequential) and then
/// evenly over zones × checks (Bonferroni, valid whatever the dependence between zones); the hard gates' half is split
/// once more over the reads that fit in <see cref="AnalysisPolicy.MaxDuration"/>, because each read is a new look.
/// </summary>
public static partial class MetricJudge
{
    public static IReadOnlyList<Measurement> Judge(
        AnalysisPolicy policy, AnalysisCheck check, MetricReading reading, IReadOnlyList<Zone> zones, int comparedZones, DateTimeOffset startedAt)
    {
        var context = new JudgeContext(policy, reading, startedAt, comparedZones);
        return zones.Select(zone => reading.Error is { } error
            ? Measure(check, zone, reading, GatePhase.Error, $"{check.Name} in {zone}: could not read the metrics: {error}", GateNumbers.None)
            : check switch
            {
                ErrorRateCheck errors => JudgeErrors(errors, zone, context),
                LatencyCheck latency => JudgeLatency(latency, zone, context),
                QueryCheck query => JudgeQuery(query, zone, context),
                _ => throw new ArgumentOutOfRangeException(nameof(check), check, "unknown kind of check"),
            }).ToList();
    }

    /// <summary>What every zone of one read shares: the thresholds in z and α, and whether time is up.</summary>
    private sealed record JudgeContext(AnalysisPolicy Policy, MetricReading Reading, DateTimeOffset StartedAt, int ComparedZones)
    {
        public double SequentialAlpha => Policy.AlphaPerComparison(ComparedZones) / 2;

        /// <summary>z for the hard gates: half the budget, per zone × check, per read.</summary>
        public double HardZ
        {
            get
            {
                var reads = Math.Max(1, Policy.MaxDuration / Policy.Interval);
                return Normal.UpperQuantile(Policy.AlphaPerComparison(ComparedZones) / 2 / reads);
            }
        }

        public bool OutOfTime => Reading.At >= StartedAt + Policy.MaxDuration;

        public TimeSpan Elapsed => Reading.At - StartedAt;
    }

    private static Measurement Measure(AnalysisCheck check, Zone zone, MetricReading reading, GatePhase phase, string message, GateNumbers numbers) =>
        new(check.Name, zone, phase, message, numbers, reading.At);

    /// <summary>
    /// The sequential verdict on two counts (failures or slow requests among requests), shared by error rates and
    /// latency: fail, pass, wait, or (out of time) inconclusive with the reason a person needs, and the figures behind it.
    /// </summary>
    private static (GatePhase Phase, string Message, ComparisonNumbers Numbers) Sequential(
        JudgeContext context, Zone zone, string check, string what, double tolerance, (double Bad, double All) canary, (double Bad, double All) stable)
    {
        var policy = context.Policy;
        var bounds = ProportionDifference.Of(canary.Bad, canary.All, stable.Bad, stable.All, Math.Max(tolerance, 0.001), context.SequentialAlpha);
        var numbers = new ComparisonNumbers(bounds.Difference, bounds.Lower, bounds.Upper, tolerance, context.SequentialAlpha);
        var enough = canary.All >= policy.MinimumRequests && stable.All >= policy.MinimumRequests;
        var figures = canary.All == 0 && stable.All == 0
            ? $"{check} in {zone}: no requests on either track since the analysis began"
            : $"{check} in {zone}: canary {Text.Percent(canary.Bad, canary.All)} of {Text.Count(canary.All)} requests {what} vs stable {Text.Percent(stable.Bad, stable.All)} of {Text.Count(stable.All)}";
        var confidence = Text.Confidence(1 - 2 * context.SequentialAlpha);
        if (enough && bounds.Lower > 0 && bounds.Difference >= tolerance)
            return (GatePhase.Failed, $"{figures}: worse by {Text.Points(bounds.Difference)} (at least {Text.Points(bounds.Lower)} with {confidence} confidence), beyond the {Text.Points(tolerance)} tolerance", numbers);
        if (enough && bounds.Upper <= tolerance)
            return (GatePhase.Passed, $"{figures}: at most {Text.Points(Math.Max(0, bounds.Upper))} worse ({confidence} confidence), within the {Text.Points(tolerance)} tolerance", numbers);
        if (!context.OutOfTime)
        {
            var need = enough ? $"bounds {Text.Points(bounds.Lower)}..{Text.Points(bounds.Upper)} still include the {Text.Points(tolerance)} tolerance"
                : $"needs {Text.Count(policy.MinimumRequests)} requests per track";
            return (GatePhase.Pending, $"{figures}; judging ({need})", numbers);
        }
        var elapsed = Text.Duration(context.Elapsed);
        if (canary.All < policy.MinimumRequests)
            return (GatePhase.Inconclusive, $"{check}: canary in {zone} received {Text.Count(canary.All)} requests in {elapsed} (needs {Text.Count(policy.MinimumRequests)} to be judged)", numbers);
        if (stable.All < policy.MinimumRequests)
            return (GatePhase.Inconclusive, $"{check}: stable in {zone} received {Text.Count(stable.All)} requests in {elapsed} (needs {Text.Count(policy.MinimumRequests)} to compare with)", numbers);
        return (GatePhase.Inconclusive, $"{figures}: could not tell within {elapsed} whether the canary is more than {Text.Points(tolerance)} worse (bounds {Text.Points(bounds.Lower)}..{Text.Points(bounds.Upper)})", numbers);
    }
}

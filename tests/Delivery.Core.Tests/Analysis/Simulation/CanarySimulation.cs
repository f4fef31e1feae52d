using Delivery.Core.Analysis;
using Delivery.Core.Gates;
using Delivery.Core.Values;

namespace Delivery.Core.Tests.Analysis.Simulation;

/// <summary>
/// Plays one canary analysis on synthetic traffic through the real <see cref="MetricJudge"/>: every interval each zone
/// gets fresh requests on both tracks, the judge sees the last interval and the totals, and the run ends at the first
/// failed check (rolled back), when every zone and check passed (promotable), or at the deadline (inconclusive).
/// </summary>
public sealed class CanarySimulation(AnalysisPolicy policy, TrafficModel stable, TrafficModel canary, int stableTasksPerZone = 2, int canaryTasksPerZone = 1)
{
    public static readonly Zone[] Zones = [new("us-east-1a"), new("us-east-1b"), new("us-east-1c")];
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public enum Verdict { RolledBack, Promotable, Inconclusive }

    /// <param name="StopOnPass">False keeps judging to the deadline even after every zone passed: the worst case for false rollbacks.</param>
    public (Verdict Verdict, TimeSpan At, string Reason) Run(Random random, bool stopOnPass = true)
    {
        var totals = Zones.ToDictionary(z => z, _ => (Canary: Interval.Empty, Stable: Interval.Empty));
        for (var elapsed = policy.Interval; elapsed <= policy.MaxDuration; elapsed += policy.Interval)
        {
            var zones = new Dictionary<Zone, (Interval Canary, Interval Stable)>();
            foreach (var zone in Zones)
            {
                var window = (Canary: canary.Draw(random, canaryTasksPerZone, policy.Interval), Stable: stable.Draw(random, stableTasksPerZone, policy.Interval));
                totals[zone] = (totals[zone].Canary.Plus(window.Canary), totals[zone].Stable.Plus(window.Stable));
                zones[zone] = window;
            }
            var measurements = policy.Checks.SelectMany(check => MetricJudge.Judge(policy, check, Reading(check, zones, totals, elapsed), Zones, Zones.Length, Start)).ToList();
            if (measurements.FirstOrDefault(m => m.Phase == GatePhase.Failed) is { } failed) return (Verdict.RolledBack, elapsed, failed.Message);
            if (stopOnPass && measurements.All(m => m.Phase == GatePhase.Passed)) return (Verdict.Promotable, elapsed, "all passed");
        }
        return (stopOnPass ? Verdict.Inconclusive : Verdict.Promotable, policy.MaxDuration, "deadline");
    }

    private MetricReading Reading(AnalysisCheck check, Dictionary<Zone, (Interval Canary, Interval Stable)> windows,
        Dictionary<Zone, (Interval Canary, Interval Stable)> totals, TimeSpan elapsed)
    {
        MetricSample Sample(Interval interval) => check is LatencyCheck ? interval.Histogram : interval.Counts;
        var zones = Zones.ToDictionary(z => z, z => new ZoneReading(
            new TrackReading(Sample(windows[z].Canary), Sample(totals[z].Canary)),
            new TrackReading(Sample(windows[z].Stable), Sample(totals[z].Stable))));
        return new MetricReading(check.Name, Start + elapsed, policy.Interval, elapsed, [], zones);
    }
}

using System.Globalization;
using Delivery.Core.Analysis;
using Xunit.Abstractions;

namespace Delivery.Core.Tests.Analysis.Simulation;

/// <summary>
/// Figures for the canary judge on synthetic traffic (run with <c>./build.sh Test --test-filter Category=Benchmark</c>):
/// the false-rollback rate of an A/A canary watched for the whole analysis, and, for injected regressions, the
/// detection rate and median time to verdict beside a fixed-horizon test with the same error budget (Kayenta's
/// Mann–Whitney on 50 points per metric and zone). Seeds are fixed, so the figures repeat exactly.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class MetricJudgeBenchmarks(ITestOutputHelper output)
{
    private const int FixedHorizonPoints = 50;

    /// <summary>The sample pipeline's checks, read every 15 s (a common scrape interval) for at most 15 minutes.</summary>
    public static AnalysisPolicy Policy { get; } = new()
    {
        Interval = TimeSpan.FromSeconds(15), MaxDuration = TimeSpan.FromMinutes(15), MinimumRequests = 100, Confidence = 0.99,
        Checks =
        [
            new ErrorRateCheck("error-rate", new PromSelector("requests", []), new PromSelector("failed", [])) { Limit = 0.05, MaxRatio = 3, MaxIncrease = 0.01 },
            new LatencyCheck("p99-latency", new PromSelector("latency_bucket", []), 0.99) { Limit = TimeSpan.FromMilliseconds(250), MaxRatio = 2, MaxIncrease = 0.01 },
        ],
    };

    /// <summary>Each task answers 10 requests/s; 1% fail; latency log-normal, median 20 ms, p99 about 64 ms.</summary>
    public static TrafficModel Baseline { get; } = new(10, 0.01, 0.020, 0.5);

    [Fact]
    public void Benchmark_AaCanary_FalseRollbackRateUnderContinuousMonitoring()
    {
        const int runs = 500;
        var simulation = new CanarySimulation(Policy, Baseline, Baseline);
        var random = new Random(20261129);
        var falseRollbacks = new List<string>();
        for (var i = 0; i < runs; i++)
            if (simulation.Run(random, stopOnPass: false) is { Verdict: CanarySimulation.Verdict.RolledBack } r) falseRollbacks.Add(r.Reason);
        var promote = new CanarySimulation(Policy, Baseline, Baseline);
        var times = Enumerable.Range(0, 200).Select(_ => promote.Run(random)).ToList();
        var promoted = times.Where(t => t.Verdict == CanarySimulation.Verdict.Promotable).Select(t => t.At.TotalSeconds).Order().ToList();
        output.WriteLine($"Traffic: {Baseline.RequestsPerSecondPerTask} req/s per task, 2 stable + 1 canary task per zone, 3 zones, error rate {Baseline.ErrorRate:P0}, latency median {Baseline.MedianSeconds * 1000} ms");
        output.WriteLine($"A/A, watched for the full {Policy.MaxDuration.TotalMinutes} min: {falseRollbacks.Count} false rollbacks in {runs} runs = {Rate(falseRollbacks.Count, runs)} (goal <= 1%)");
        foreach (var reason in falseRollbacks.Take(5)) output.WriteLine($"  {reason}");
        output.WriteLine($"A/A, stopping at the first all-zones pass: {promoted.Count} of {times.Count} promotable, median {Median(promoted):0} s, " +
                         $"{times.Count(t => t.Verdict == CanarySimulation.Verdict.RolledBack)} rolled back, {times.Count(t => t.Verdict == CanarySimulation.Verdict.Inconclusive)} inconclusive");
        // The latency bound is picked from stable's data; the worst case for that is a p99 right at a bucket bound (100 ms here).
        var atBound = Baseline with { MedianSeconds = 0.1 / Math.Exp(2.326 * Baseline.Sigma) };
        var edge = new CanarySimulation(Policy, atBound, atBound);
        var edgeFalse = Enumerable.Range(0, runs).Count(_ => edge.Run(random, stopOnPass: false).Verdict == CanarySimulation.Verdict.RolledBack);
        output.WriteLine($"A/A with stable's p99 right at a bucket bound (median {atBound.MedianSeconds * 1000:0.#} ms): {edgeFalse} false rollbacks in {runs} runs = {Rate(edgeFalse, runs)}");
        Assert.True(falseRollbacks.Count <= runs / 20, $"{falseRollbacks.Count} false rollbacks in {runs} runs");
    }

    [Fact]
    public void Benchmark_Regressions_DetectionAndTimeAgainstAFixedHorizonTest()
    {
        const int runs = 200;
        var fixedHorizon = FixedHorizonPoints * Policy.Interval;
        output.WriteLine($"Fixed horizon: Mann–Whitney, {FixedHorizonPoints} points per metric and zone = {fixedHorizon.TotalSeconds:0} s, one-sided, alpha {Policy.AlphaPerComparison(3):0.#####} per zone and check");
        output.WriteLine("| regression | sequential: detected | median time | fixed horizon: detected | time | time ratio |");
        output.WriteLine("|---|---|---|---|---|---|");
        (string Name, TrafficModel Canary)[] scenarios =
        [
            ("+1 point errors", Baseline with { ErrorRate = 0.02 }),
            ("+2 points errors", Baseline with { ErrorRate = 0.03 }),
            ("+5 points errors", Baseline with { ErrorRate = 0.06 }),
            ("+30 points errors", Baseline with { ErrorRate = 0.31 }),
            ("+50 ms latency", Baseline with { ExtraSeconds = 0.05 }),
            ("+200 ms latency", Baseline with { ExtraSeconds = 0.2 }),
            ("+400 ms latency", Baseline with { ExtraSeconds = 0.4 }),
        ];
        var random = new Random(7);
        foreach (var (name, canary) in scenarios)
        {
            var simulation = new CanarySimulation(Policy, Baseline, canary);
            var results = Enumerable.Range(0, runs).Select(_ => simulation.Run(random)).ToList();
            var detected = results.Where(r => r.Verdict == CanarySimulation.Verdict.RolledBack).Select(r => r.At.TotalSeconds).Order().ToList();
            var fixedDetected = Enumerable.Range(0, runs).Count(_ => FixedHorizonDetects(random, canary));
            var median = Median(detected);
            output.WriteLine($"| {name} | {Rate(detected.Count, runs)} | {median:0} s | {Rate(fixedDetected, runs)} | {fixedHorizon.TotalSeconds:0} s | {median / fixedHorizon.TotalSeconds:0.00} |");
        }
    }

    /// <summary>Kayenta-style: 50 per-interval values per track, zone and metric, then one Mann–Whitney test each.</summary>
    private static bool FixedHorizonDetects(Random random, TrafficModel canary)
    {
        var alpha = Policy.AlphaPerComparison(CanarySimulation.Zones.Length);
        foreach (var _ in CanarySimulation.Zones)
        {
            var c = Enumerable.Range(0, FixedHorizonPoints).Select(_ => canary.Draw(random, 1, Policy.Interval)).ToList();
            var s = Enumerable.Range(0, FixedHorizonPoints).Select(_ => Baseline.Draw(random, 2, Policy.Interval)).ToList();
            if (MannWhitney.PValueGreater(c.Select(i => i.ErrorRate).ToList(), s.Select(i => i.ErrorRate).ToList()) < alpha) return true;
            if (MannWhitney.PValueGreater(c.Select(i => i.Quantile(0.99)).ToList(), s.Select(i => i.Quantile(0.99)).ToList()) < alpha) return true;
        }
        return false;
    }

    private static double Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];

    private static string Rate(int count, int of) => (100.0 * count / of).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

namespace Delivery.Core.Analysis.Statistics;

/// <summary>
/// An always-valid confidence sequence for the difference of two shares (canary's error rate minus stable's), from
/// cumulative counts. It is the mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh,
/// "Always Valid Inference: Continuous Monitoring of A/B Tests" (2017/2022), with a normal mixture of scale τ around
/// the difference: its bounds hold simultaneously at every look with probability 1 − α (Ville's inequality), so the
/// engine may look every interval for as long as it likes without the "peeking" inflation of a fixed-horizon test.
/// A clear regression crosses early; a quiet service simply keeps the interval wide, which reads as "not yet".
/// <para>
/// Why this test: the data are counts of a proportion (requests and failures), which a normal approximation fits
/// once each track has some requests; the plug-in variance uses Agresti–Caffo's +1/+2 adjustment so that zero
/// failures do not give a zero variance. Kayenta's Mann–Whitney on time-series points needs ≥ 50 points and a fixed
/// horizon; Argo Rollouts and Flagger only compare thresholds. The benchmark (MetricJudgeBenchmarks) measures the
/// false-rollback rate of an A/A canary and the time to detect regressions against a fixed-horizon test.
/// </para>
/// </summary>
public static class ProportionDifference
{
    /// <param name="Difference">Canary's share minus stable's, from the raw counts.</param>
    /// <param name="Lower">The always-valid lower bound of the true difference.</param>
    /// <param name="Upper">The always-valid upper bound.</param>
    /// <param name="StandardError">The plug-in standard error of <paramref name="Difference"/>.</param>
    public sealed record Bounds(double Difference, double Lower, double Upper, double StandardError);

    /// <param name="tau">The mixture's scale: the size of difference the test is most sensitive to (the tolerance).</param>
    /// <param name="alpha">The chance that the true difference ever leaves the bounds (0 &lt; α &lt; 1).</param>
    public static Bounds Of(double canaryFailed, double canaryRequests, double stableFailed, double stableRequests, double tau, double alpha)
    {
        var difference = Share(canaryFailed, canaryRequests) - Share(stableFailed, stableRequests);
        var variance = AdjustedVariance(canaryFailed, canaryRequests) + AdjustedVariance(stableFailed, stableRequests);
        var t2 = tau * tau;
        // Λ ≥ 1/α ⇔ d² ≥ (2V(V+τ²)/τ²)·(ln(1/α) + ½·ln((V+τ²)/V)): the set of differences not yet rejected.
        var radius = Math.Sqrt(2 * variance * (variance + t2) / t2 * (Math.Log(1 / alpha) + 0.5 * Math.Log((variance + t2) / variance)));
        return new Bounds(difference, Math.Max(-1, difference - radius), Math.Min(1, difference + radius), Math.Sqrt(variance));
    }

    private static double Share(double failed, double requests) => requests > 0 ? Math.Clamp(failed / requests, 0, 1) : 0;

    // p̃ = (x + 1) / (n + 2): never 0 or 1, so the variance never vanishes; it only widens the bounds, never narrows them much.
    private static double AdjustedVariance(double failed, double requests)
    {
        var p = (Math.Clamp(failed, 0, requests) + 1) / (requests + 2);
        return p * (1 - p) / (requests + 2);
    }
}

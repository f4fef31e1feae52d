namespace Delivery.Core.Tests.Analysis.Simulation;

/// <summary>
/// The Mann–Whitney U test Kayenta's judge uses (one-sided here: is the canary's series larger?), with the normal
/// approximation and tie correction, for the fixed-horizon baseline the sequential judge is compared with.
/// </summary>
public static class MannWhitney
{
    /// <summary>The one-sided p-value of "canary values tend to be larger than stable values".</summary>
    public static double PValueGreater(IReadOnlyList<double> canary, IReadOnlyList<double> stable)
    {
        var all = canary.Select(v => (Value: v, Canary: true)).Concat(stable.Select(v => (Value: v, Canary: false))).OrderBy(x => x.Value).ToList();
        var ranks = new double[all.Count];
        var tieTerm = 0.0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j + 1 < all.Count && all[j + 1].Value == all[i].Value) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[k] = rank;
            var t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double n1 = canary.Count, n2 = stable.Count, n = n1 + n2;
        var r1 = all.Select((x, i) => x.Canary ? ranks[i] : 0).Sum();
        var u = r1 - n1 * (n1 + 1) / 2;
        var mean = n1 * n2 / 2;
        var variance = n1 * n2 / 12 * (n + 1 - tieTerm / (n * (n - 1)));
        if (variance <= 0) return 1;
        var z = (u - mean - 0.5) / Math.Sqrt(variance);
        return 1 - Cdf(z);
    }

    private static double Cdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

    // Abramowitz–Stegun 7.1.26 (error below 1.5e-7).
    private static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + 0.3275911 * x);
        var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}

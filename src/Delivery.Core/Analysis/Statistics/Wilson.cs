namespace Delivery.Core.Analysis.Statistics;

/// <summary>
/// Wilson's score interval for a share (failed / requests). The hard gates use its bounds rather than the raw share:
/// 2 errors in 10 requests is 20%, but not evidence of a 5% limit being broken; the Wilson bound is, and it stays
/// sensible at 0 or all failures and for small counts, where the plain normal interval collapses.
/// </summary>
public static class Wilson
{
    /// <summary>The lower bound at <paramref name="z"/> standard errors; 0 with no requests.</summary>
    public static double Lower(double failed, double requests, double z) => Bound(failed, requests, z, -1);

    /// <summary>The upper bound at <paramref name="z"/> standard errors; 1 with no requests.</summary>
    public static double Upper(double failed, double requests, double z) => Bound(failed, requests, z, +1);

    private static double Bound(double failed, double requests, double z, int sign)
    {
        if (requests <= 0) return sign < 0 ? 0 : 1;
        var p = Math.Clamp(failed / requests, 0, 1);
        var z2 = z * z;
        var centre = p + z2 / (2 * requests);
        var spread = z * Math.Sqrt(p * (1 - p) / requests + z2 / (4 * requests * requests));
        return Math.Clamp((centre + sign * spread) / (1 + z2 / requests), 0, 1);
    }
}

using Delivery.Core.Canary;

namespace Delivery.Core.Analysis;

/// <summary>
/// How the canary is judged by its metrics against stable, zone by zone (the <c>analysis:</c> section of a pipeline).
/// Every check is read once per <see cref="Interval"/>: a hard gate on that interval's window, and a sequential
/// comparison on everything since the analysis began (when the canaries were first healthy everywhere).
/// </summary>
public sealed record AnalysisPolicy
{
    /// <summary>How often metrics are read; also the window the hard gates look at.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// From the canaries' first healthy moment to the first second that counts: new tasks compile code on their first
    /// requests, a load generator needs a moment to find them, and Prometheus a scrape or two to see them (Kayenta's
    /// warm-up, Argo's initialDelay). Nothing before it is judged.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>From the end of the warm-up: a zone without a verdict by then is inconclusive (too little traffic, or too close to call).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Requests each track needs in a zone before that zone is judged statistically (the traffic check).</summary>
    public int MinimumRequests { get; init; } = 100;

    /// <summary>
    /// The chance, over every zone and check together, that a canary as good as stable is rolled back by chance
    /// (family-wise; split evenly over zones × checks, Bonferroni). 0.99 means at most 1 in 100.
    /// </summary>
    public double Confidence { get; init; } = 0.99;

    /// <summary>What to do when metrics cannot be read beyond <see cref="GateLimits.MaxConsecutiveErrors"/> intervals.</summary>
    public AnalysisFallback OnErrors { get; init; } = AnalysisFallback.RollBack;

    /// <summary>What to do when <see cref="MaxDuration"/> passes without a verdict in some zone.</summary>
    public AnalysisFallback OnInconclusive { get; init; } = AnalysisFallback.Pause;

    public IReadOnlyList<AnalysisCheck> Checks { get; init; } = [];

    public bool IsEmpty => Checks.Count == 0;

    /// <summary>The first moment judged, for an analysis begun at <paramref name="started"/>.</summary>
    public DateTimeOffset CountsFrom(DateTimeOffset started) => started + Warmup;

    /// <summary>The error rate each single comparison may have (zone × check), so that all together stay within 1 − <see cref="Confidence"/>.</summary>
    public double AlphaPerComparison(int zones) => (1 - Confidence) / Math.Max(1, zones * Checks.Count);
}

/// <summary>A fallback when the analysis cannot decide: a person looks (pause) or the canary goes (roll back).</summary>
public enum AnalysisFallback { Pause, RollBack }

/// <summary>One metric check. <see cref="Name"/> appears in reasons and reports, e.g. <c>error-rate</c>.</summary>
public abstract record AnalysisCheck(string Name);

/// <summary>
/// A share of failed requests, from two counters: all requests and failed ones (e.g. status 5xx).
/// </summary>
/// <param name="Requests">Selector of the counter of all requests, e.g. <c>lobby_http_requests_total{route=~"/v1/.*"}</c>.</param>
/// <param name="Failed">Selector of the counter of failed requests, e.g. the same with <c>code=~"5.."</c>.</param>
public sealed record ErrorRateCheck(string Name, PromSelector Requests, PromSelector Failed) : AnalysisCheck(Name)
{
    /// <summary>Hard gate: the canary's error rate in one interval may not be (surely) above this share.</summary>
    public double? Limit { get; init; }

    /// <summary>Hard gate: nor (surely) above this many times stable's in the same interval and zone.</summary>
    public double? MaxRatio { get; init; }

    /// <summary>Sequential comparison: how many points (a share, 0.01 = 1 point) worse than stable still passes.</summary>
    public double MaxIncrease { get; init; } = 0.01;
}

/// <summary>
/// A latency quantile from a Prometheus histogram. Hard gates compare the quantile; the sequential comparison counts
/// the share of requests slower than the bucket bound at stable's quantile, which is a proportion like an error rate.
/// </summary>
/// <param name="Buckets">Selector of the histogram's <c>_bucket</c> series, e.g. <c>lobby_http_request_duration_seconds_bucket</c>.</param>
/// <param name="Quantile">E.g. 0.99 for p99.</param>
public sealed record LatencyCheck(string Name, PromSelector Buckets, double Quantile) : AnalysisCheck(Name)
{
    /// <summary>Hard gate: the canary's quantile in one interval may not be (surely) above this.</summary>
    public TimeSpan? Limit { get; init; }

    /// <summary>Hard gate: nor (surely) above this many times stable's quantile in the same interval and zone.</summary>
    public double? MaxRatio { get; init; }

    /// <summary>Sequential comparison: how many more points of requests may be slower than stable's quantile bound.</summary>
    public double MaxIncrease { get; init; } = 0.01;
}

/// <summary>
/// A PromQL template whose result carries <c>zone</c> and <c>track</c> labels. The engine fills in
/// <c>{{matchers}}</c> (the label matchers that select this pipeline's stable and canary apps), <c>{{window}}</c>
/// (the interval, e.g. <c>30s</c>), <c>{{app}}</c>, <c>{{canaryApp}}</c>, <c>{{service}}</c>, <c>{{release}}</c>
/// and <c>{{stableRelease}}</c>. Judged by hard gates only: it has no counts to compare statistically.
/// </summary>
public sealed record QueryCheck(string Name, string Query, double Threshold, Comparison Comparison) : AnalysisCheck(Name)
{
    public const string Matchers = "{{matchers}}";
    public static readonly IReadOnlyList<string> Placeholders =
        ["{{matchers}}", "{{window}}", "{{app}}", "{{canaryApp}}", "{{service}}", "{{release}}", "{{stableRelease}}"];

    /// <summary>Hard gate: the canary's value may not be above this many times stable's in the same interval and zone.</summary>
    public double? MaxRatio { get; init; }
}

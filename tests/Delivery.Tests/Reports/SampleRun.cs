using Delivery.Engine;

namespace Delivery.Tests.Reports;

/// <summary>
/// A rolled-back canary as the engine would report it: two checks (error rate, p99 latency) in three zones, ten reads
/// 30 s apart. The canary drifts worse in every zone, most in us-east-1b, where the error rate's sequential comparison
/// decides at the tenth read.
/// </summary>
internal static class SampleRun
{
    public static readonly DateTimeOffset Started = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AnalysisStarted = Started.AddSeconds(150);
    public static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    public const int Reads = 10;
    public const string Hostile = "<script>alert('zone')</script>";

    public static RunReport Report() => new()
    {
        RunId = "run-20250304-100000-7f3a",
        Kind = "Deploy",
        Pipeline = "lobby",
        Environment = "production",
        Outcome = RunOutcome.RolledBack,
        Reason = "error-rate in us-east-1b: the canary is surely worse than stable by more than the 1 pp tolerance",
        Release = new ReleaseInfo("7f3a9c2e41d08b5566c1f0e2a9d3b7c4e5f60718", "registry.local/lobby:7f3a9c2", "sha256:4be1c0ffee5d8a2b9e7f", Dirty: false),
        StartedAt = Started,
        FinishedAt = Started.AddSeconds(520),
        Zones =
        [
            Zone("us-east-1a", "Passed", "canary healthy: 2/2 tasks running"),
            Zone("us-east-1b", "ReleaseFailure", $"error-rate: canary 2.9% vs stable 0.5% {Hostile}"),
            Zone("us-east-1c", "Passed", "canary healthy: 2/2 tasks running"),
        ],
        StageSeconds = new Dictionary<string, double> { ["bake"] = 41.2, ["push"] = 12.7, ["canary"] = 410.5, ["rollback"] = 31.9 },
        RequestedWaitSeconds = 300,
        Push = new PushReport(BytesUploaded: 48_312_004, BlobsUploaded: 3, BlobsSkipped: 9, ImageBytes: 212_000_000, BakeSkipped: false, Kind: "Built"),
        Timeline =
        [
            new(Started, "deploy-started", "deploying lobby 7f3a9c2 to production"),
            new(Started.AddSeconds(54), "canary-placed", "placed 2 canaries in each of 3 zones"),
            new(AnalysisStarted, "analysis-started", "canaries healthy everywhere; analysis begins"),
            new(Decided, "regression", "error-rate in us-east-1b is worse than stable"),
            new(Started.AddSeconds(520), "RolledBack", "rolled back to stable sha256:0ddba11"),
        ],
        Analysis = new AnalysisReport(AnalysisStarted, Decided, "rolled back: error-rate regressed in us-east-1b", Checks, Evaluations()),
        Hooks =
        [
            new("smoke-test", "pre-rollout", Passed: true, Code: 0, Seconds: 3.4, "smoke test passed", "GET /health 200\nGET /lobby 200"),
            new("notify-chat", "post-rollout", Passed: false, Code: 500, Seconds: 0.8, "chat webhook answered 500", "<html>Internal Server Error</html>"),
        ],
    };

    public static DateTimeOffset Decided => AnalysisStarted.AddSeconds(30 * Reads);

    private static readonly CheckReport[] Checks =
    [
        new("error-rate", "error-rate", "ratio", new Dictionary<string, double> { ["limit"] = 0.05, ["maxRatio"] = 3, ["maxIncrease"] = 0.01 }),
        new("p99-latency", "latency", "seconds", new Dictionary<string, double> { ["quantile"] = 0.99, ["limit"] = 0.5, ["maxIncrease"] = 0.02 }),
    ];

    private static ZoneReport Zone(string zone, string verdict, string message) =>
        new(zone, verdict, message, new GateReport("analysis", "Passed", message, new Dictionary<string, double>()),
            new GateReport("health", "Passed", "stable healthy", new Dictionary<string, double>()));

    private static List<EvaluationRecord> Evaluations()
    {
        var records = new List<EvaluationRecord>();
        for (var z = 0; z < Zones.Length; z++)
        for (var i = 1; i <= Reads; i++)
        {
            var at = AnalysisStarted.AddSeconds(30 * i);
            var drift = (z == 1 ? 0.0026 : 0.0011) * i;   // how much worse the canary gets per read
            var wobble = 0.0006 * Math.Sin(i * 1.7 + z); // deterministic noise, so charts are not straight lines
            records.Add(Record(at, "error-rate", Zones[z], i, 0.005 + wobble, 0.005 + drift + wobble, 0.05, 3, 0.01, drift * 0.8));
            records.Add(Record(at, "p99-latency", Zones[z], i, 0.180 + wobble * 20, 0.190 + drift * 8 + wobble * 20, 0.5, 1.5, 0.02, drift * 0.5));
        }
        return records;
    }

    private static EvaluationRecord Record(DateTimeOffset at, string check, string zone, int read, double stable, double canary,
        double limit, double ratio, double tolerance, double difference)
    {
        // Always-valid bounds narrow roughly as 1/√n; the first reads are too wide to say anything.
        var half = 0.05 / Math.Sqrt(read);
        var (lower, upper) = (difference - half, difference + half);
        var phase = lower > 0 && difference >= tolerance ? "Failed" : upper <= tolerance ? "Passed" : "Pending";
        string Value(double v) => check == "error-rate" ? $"{v * 100:0.00}%" : $"{v * 1000:0} ms";
        var message = $"{check} in {zone}: canary {Value(canary)} vs stable {Value(stable)}; difference {difference * 100:0.00} pp, bounds {lower * 100:0.00}..{upper * 100:0.00} pp";
        return new EvaluationRecord(at, check, zone, phase, message,
            [$"sum(rate(http_requests_total{{zone=\"{zone}\",track=\"canary\",code=~\"5..\"}}[1m]))", $"sum(rate(http_requests_total{{zone=\"{zone}\",track=\"stable\"}}[1m]))"],
            new Dictionary<string, double>
            {
                ["canary"] = canary, ["stable"] = stable, ["limit"] = limit, ["ratioLimit"] = ratio * stable,
                ["difference"] = difference, ["lower"] = lower, ["upper"] = upper, ["tolerance"] = tolerance, ["alpha"] = 0.004,
            });
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Engine;

/// <summary>How a run ended. Only <see cref="Promoted"/> and <see cref="AlreadyLive"/> mean the release is live.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunOutcome>))]
public enum RunOutcome { Promoted, RolledBack, AlreadyLive, Failed, Paused }

/// <summary>The JSON record of one run (<c>--report FILE</c>, and the journal): what the README says a run leaves behind.</summary>
public sealed record RunReport
{
    public required string RunId { get; init; }
    public required string Kind { get; init; }
    public required string Pipeline { get; init; }
    public required string Environment { get; init; }
    public RunOutcome Outcome { get; init; }
    public string? Reason { get; init; }
    public ReleaseInfo? Release { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public IReadOnlyList<ZoneReport> Zones { get; init; } = [];
    public IReadOnlyDictionary<string, double> StageSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>Seconds spent waiting on purpose, as the pipeline asked (wait steps): what engine overhead is measured against.</summary>
    public double RequestedWaitSeconds { get; init; }
    public PushReport? Push { get; init; }
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>The metric analysis: every evaluation per check and zone, with the numbers the judge saw.</summary>
    public AnalysisReport? Analysis { get; init; }

    /// <summary>Every hook the run ran, with its outcome and the tail of its output.</summary>
    public IReadOnlyList<HookReport> Hooks { get; init; } = [];

    public bool Live => Outcome is RunOutcome.Promoted or RunOutcome.AlreadyLive;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record ReleaseInfo(string Commit, string Image, string? Digest, bool Dirty);

/// <summary>A zone's last verdict with the numbers the gates saw there.</summary>
public sealed record ZoneReport(string Zone, string Verdict, string Message, GateReport Canary, GateReport Stable);

public sealed record GateReport(string Gate, string Phase, string Message, IReadOnlyDictionary<string, double> Numbers);

public sealed record PushReport(long BytesUploaded, int BlobsUploaded, int BlobsSkipped, long ImageBytes, bool BakeSkipped, string Kind);

public sealed record TimelineEntry(DateTimeOffset At, string Code, string Message);

/// <param name="StartedAt">When the canaries were first healthy everywhere and the analysis began.</param>
/// <param name="DecidedAt">When the analysis decided (a regression found, all zones passed, or out of time); null if it never did.</param>
/// <param name="Decision">What it decided, in words.</param>
public sealed record AnalysisReport(
    DateTimeOffset? StartedAt, DateTimeOffset? DecidedAt, string? Decision,
    IReadOnlyList<CheckReport> Checks, IReadOnlyList<EvaluationRecord> Evaluations);

/// <param name="Kind"><c>error-rate</c>, <c>latency</c> or <c>query</c>.</param>
/// <param name="Unit">What the values are in: <c>ratio</c> (a share, 0.05 = 5%), <c>seconds</c>, or <c>value</c>.</param>
/// <param name="Thresholds">As configured: <c>limit</c>, <c>maxRatio</c>, <c>maxIncrease</c>, <c>quantile</c>, <c>threshold</c>.</param>
public sealed record CheckReport(string Name, string Kind, string Unit, IReadOnlyDictionary<string, double> Thresholds);

/// <summary>
/// One judgement of one check in one zone. <see cref="Numbers"/> keys (each present when it applies): <c>canary</c> and
/// <c>stable</c> (the values in the last interval, in the check's unit), <c>canaryRequests</c> and <c>stableRequests</c>
/// (requests in that interval), <c>canaryTotal</c>, <c>stableTotal</c>, <c>canaryTotalRequests</c>,
/// <c>stableTotalRequests</c> (since the analysis began), <c>limit</c> (the absolute hard limit), <c>ratioLimit</c>
/// (the hard limit relative to stable, in the unit), <c>difference</c>, <c>lower</c>, <c>upper</c> (the sequential
/// comparison: canary minus stable as a share, with its always-valid bounds), <c>tolerance</c>, <c>alpha</c>, and
/// <c>bound</c> (latency: the bucket bound the slow share is counted above).
/// </summary>
/// <param name="Phase">Passed, Failed, Pending, Inconclusive or Error.</param>
public sealed record EvaluationRecord(
    DateTimeOffset At, string Check, string Zone, string Phase, string Message,
    IReadOnlyList<string> Queries, IReadOnlyDictionary<string, double> Numbers);

/// <param name="Phase">pre-rollout, during-analysis, confirm-promotion or post-rollout.</param>
/// <param name="Code">Exit code or HTTP status; null when it never finished.</param>
public sealed record HookReport(string Name, string Phase, bool Passed, int? Code, double Seconds, string Message, string Output);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Engine;

/// <summary>How a run ended. Only <see cref="Promoted"/> and <see cref="AlreadyLive"/> mean the release is live.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunOutcome>))]
public enum RunOutcome { Promoted, RolledBack, AlreadyLive, Failed, Paused }

/// <summary>The JSON record of one run (<c>--report FILE</c>, and the journal), as DESIGN.md lists it.</summary>
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

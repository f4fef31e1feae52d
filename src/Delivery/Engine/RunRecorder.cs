using Delivery.Core.Analysis;
using Delivery.Core.Canary;
using Delivery.Core.Hooks;
using Delivery.Core.Gates;
using Delivery.Core.Values;
using Delivery.Images;

namespace Delivery.Engine;

/// <summary>
/// Collects what a run did while it runs (stages, decisions, the last verdict per zone, push figures) and turns it
/// into a <see cref="RunReport"/>. Timings are read from the injected clock.
/// </summary>
public sealed class RunRecorder(string runId, string kind, DeploymentTarget target, TimeProvider time)
{
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly List<TimelineEntry> _timeline = [];
    private readonly Dictionary<string, double> _stages = new(StringComparer.Ordinal);
    private readonly Dictionary<Zone, ZoneVerdict> _verdicts = [];
    private string? _lastCode, _lastMessage;
    private TimeSpan _requestedWait;
    private readonly AnalysisLog _analysis = new(target.Policy.Analysis);
    private readonly List<HookReport> _hooks = [];

    public string RunId => runId;
    public Release? Release { get; set; }
    public PushReport? Push { get; private set; }

    /// <summary>Runs a stage and records its duration, also when it fails.</summary>
    public async Task<T> StageAsync<T>(string name, Func<Task<T>> stage)
    {
        var start = time.GetTimestamp();
        try { return await stage().ConfigureAwait(false); }
        finally { _stages[name] = _stages.GetValueOrDefault(name) + time.GetElapsedTime(start).TotalSeconds; }
    }

    public Task StageAsync(string name, Func<Task> stage) => StageAsync(name, async () => { await stage().ConfigureAwait(false); return true; });

    public void Event(string code, string message)
    {
        // A pass that decides the same as the last one adds nothing to the story.
        if (code == _lastCode && message == _lastMessage) return;
        (_lastCode, _lastMessage) = (code, message);
        lock (_timeline) _timeline.Add(new TimelineEntry(time.GetUtcNow(), code, message));
    }

    /// <param name="readings">The metric reads the decision judged (for the queries in the report).</param>
    public void Decision(CanaryDecision decision, IReadOnlyList<MetricReading>? readings = null)
    {
        foreach (var verdict in decision.Verdicts) _verdicts[verdict.Zone] = verdict;
        _analysis.Add(decision, readings ?? [], time.GetUtcNow());
        Event(decision.Reason.Code, decision.Reason.Message);
    }

    public void Hook(HookResult result)
    {
        lock (_hooks)
            _hooks.Add(new HookReport(result.Name, HookSpec.PhaseName(result.Phase), result.Passed, result.Code,
                Math.Round(result.Duration.TotalSeconds, 3), result.Message, result.Output));
        Event(result.Passed ? "HookPassed" : "HookFailed", result.Message);
    }

    public void RequestedWait(TimeSpan span) => _requestedWait += span;

    public void Pushed(ImageOutcome outcome) =>
        Push = new PushReport(outcome.Push.BytesUploaded, outcome.Push.BlobsUploaded, outcome.Push.BlobsSkipped, outcome.Push.ImageBytes,
            outcome.BakeSkipped, outcome.Kind.ToString());

    public RunReport Finish(RunOutcome outcome, string? reason)
    {
        Event(outcome.ToString(), reason ?? outcome.ToString());
        return new RunReport
        {
            RunId = runId, Kind = kind, Pipeline = target.Name, Environment = target.Environment.Name, Outcome = outcome, Reason = reason,
            Release = Release is { } r ? new ReleaseInfo(r.Commit.Value, r.Image.ToString(), r.Image.Digest?.ToString(), r.Dirty) : null,
            StartedAt = _started, FinishedAt = time.GetUtcNow(),
            Zones = target.Zones.Where(_verdicts.ContainsKey).Select(z => WithMetrics(Zone(_verdicts[z]))).ToList(),
            StageSeconds = new Dictionary<string, double>(_stages), RequestedWaitSeconds = _requestedWait.TotalSeconds,
            Push = Push, Timeline = _timeline.ToList(), Analysis = _analysis.Report(), Hooks = _hooks.ToList(),
        };
    }

    /// <summary>
    /// A zone whose canary is healthy has its metrics' verdict once the analysis began: failed, or still undecided when
    /// the run ended for another zone's reason (never "passed" on a check that had not passed).
    /// </summary>
    private ZoneReport WithMetrics(ZoneReport zone) =>
        zone.Verdict != nameof(ZoneOutcome.Passed) ? zone
        : _analysis.LastFailure(zone.Zone) is { } failed ? zone with { Verdict = "MetricFailure", Message = failed.Message }
        : _analysis.LastUndecided(zone.Zone) is { } undecided ? zone with { Verdict = "MetricPending", Message = undecided.Message }
        : zone;

    private static ZoneReport Zone(ZoneVerdict verdict) =>
        new(verdict.Zone.Name, verdict.Outcome.ToString(), verdict.Message, Gate(verdict.Canary), Gate(verdict.Stable));

    private static GateReport Gate(Measurement m) => new(m.Gate, m.Phase.ToString(), m.Message, new Dictionary<string, double>(m.Numbers.ByName()));
}

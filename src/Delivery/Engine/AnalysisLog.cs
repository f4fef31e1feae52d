using System.Globalization;
using Delivery.Core.Analysis;
using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>
/// The analysis part of a run's record: every judgement of every check in every zone (once per read, not once per
/// pass), when the analysis began, and when and how it decided: the material of the report's charts.
/// </summary>
public sealed class AnalysisLog(AnalysisPolicy policy)
{
    private readonly List<EvaluationRecord> _evaluations = [];
    private readonly HashSet<(string, string, DateTimeOffset)> _seen = [];
    private DateTimeOffset? _startedAt, _decidedAt;
    private string? _decision;

    public void Add(CanaryDecision decision, IReadOnlyList<MetricReading> readings, DateTimeOffset now)
    {
        if (policy.IsEmpty) return;
        _startedAt ??= decision.Status.AnalysisStartedAt;
        foreach (var m in decision.Metrics)
        {
            var zone = m.Zone?.Name ?? "";
            if (!_seen.Add((m.Gate, zone, m.At))) continue;
            var queries = readings.FirstOrDefault(r => r.Check == m.Gate)?.Queries ?? [];
            _evaluations.Add(new EvaluationRecord(m.At, m.Gate, zone, m.Phase.ToString(), m.Message, queries, new Dictionary<string, double>(m.Numbers.ByName())));
        }
        // The analysis decides when the run leaves its steps after it began: promotion, rollback, or a pause.
        if (_startedAt is not null && _decidedAt is null && decision.Status.Phase is not CanaryPhase.Progressing)
            (_decidedAt, _decision) = (now, decision.Reason.Message);
    }

    /// <summary>The failed judgement among the zone's latest ones, if any.</summary>
    public EvaluationRecord? LastFailure(string zone) =>
        _evaluations.Where(e => e.Zone == zone).GroupBy(e => e.Check).Select(g => g.Last()).FirstOrDefault(e => e.Phase == "Failed");

    /// <summary>The last judgement of a check in <paramref name="zone"/> that had not passed (still pending, inconclusive, an error), if any.</summary>
    public EvaluationRecord? LastUndecided(string zone) =>
        _evaluations.Where(e => e.Zone == zone).GroupBy(e => e.Check).Select(g => g.Last()).FirstOrDefault(e => e.Phase is not ("Passed" or "Failed"));

    public AnalysisReport? Report() => policy.IsEmpty ? null : new AnalysisReport(_startedAt, _decidedAt, _decision,
        policy.Checks.Select(Describe).ToList(), _evaluations.ToList());

    private static CheckReport Describe(AnalysisCheck check)
    {
        var thresholds = new Dictionary<string, double>();
        void Put(string key, double? value) { if (value is { } v) thresholds[key] = v; }
        switch (check)
        {
            case ErrorRateCheck e:
                Put("limit", e.Limit); Put("maxRatio", e.MaxRatio); Put("maxIncrease", e.MaxIncrease);
                return new CheckReport(e.Name, "error-rate", "ratio", thresholds);
            case LatencyCheck l:
                Put("limit", l.Limit?.TotalSeconds); Put("maxRatio", l.MaxRatio); Put("maxIncrease", l.MaxIncrease); Put("quantile", l.Quantile);
                return new CheckReport(l.Name, "latency", "seconds", thresholds);
            case QueryCheck q:
                Put("threshold", q.Threshold); Put("maxRatio", q.MaxRatio);
                return new CheckReport(q.Name, "query", "value", thresholds);
            default:
                return new CheckReport(check.Name, check.GetType().Name.ToLower(CultureInfo.InvariantCulture), "value", thresholds);
        }
    }
}

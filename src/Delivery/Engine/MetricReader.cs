using Delivery.Core.Analysis;
using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>
/// Reads the analysis checks once per interval while the analysis runs, and hands the planner the latest read in
/// between: the passes come every few seconds, the metrics server is asked only as often as the pipeline says.
/// </summary>
public sealed class MetricReader(IMetricSource? source, DeploymentTarget target, CanaryPolicy policy, TimeProvider time)
{
    private IReadOnlyList<MetricReading> _latest = [];
    private DateTimeOffset? _readAt;

    /// <summary>True when the last call made a new read (its figures are worth saying and recording).</summary>
    public bool Fresh { get; private set; }

    public async Task<IReadOnlyList<MetricReading>> ReadAsync(CanaryStatus status, bool canaryExists, CancellationToken ct)
    {
        Fresh = false;
        var analysis = policy.Analysis;
        if (analysis.IsEmpty || !canaryExists || status.Phase != CanaryPhase.Progressing || status.AnalysisStartedAt is not { } begun)
            return _latest = [];
        var started = analysis.CountsFrom(begun);
        var now = time.GetUtcNow();
        // The first read waits one interval after the warm-up, so its window holds only traffic that counts.
        if (now - started < analysis.Interval || _readAt is { } last && now - last < analysis.Interval) return _latest;
        if (source is null)
        {
            _latest = analysis.Checks.Select(c => MetricReading.Failed(c.Name, now, [], "the environment names no Prometheus to read the analysis from")).ToList();
        }
        else
        {
            var context = new AnalysisContext(analysis, status.Canary?.Commit.Short, status.Stable?.Commit.Short);
            _latest = await source.ReadAsync(target, context, started, now, ct).ConfigureAwait(false);
        }
        _readAt = now;
        Fresh = true;
        return _latest;
    }
}

using Delivery.Engine;

namespace Delivery.DeliveryMetrics;

/// <summary>
/// Pushes each finished run's delivery metrics to the environment's Pushgateway, in the group job=delivery,
/// pipeline, environment. The gateway keeps only the last push of a group, so counters are read back from it and
/// added to: runs of one pipeline are serialised by the engine's lease and a run pushes once, at its very end, so two
/// pushes of one group meet only if two runs end in the same instant (a read-modify-write lost then costs one count,
/// never a wrong rate). A gateway restart starts the counters again from zero, which PromQL's rate() and increase()
/// read as a counter reset. A failed push is one warning, never the run's failure.
/// </summary>
/// <param name="committedAt">When a commit was made (from git), for lead time; null when it cannot be told.</param>
public sealed class MetricsPusher(PushgatewayClient gateway, Func<string, DateTimeOffset?> committedAt, Action<string> warn, TimeProvider time) : IRunListener
{
    /// <summary>The longest a run's end waits for its push (a gateway that hangs is given up on).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, int> _takeovers = new(StringComparer.Ordinal);

    public void Started(RunStart run) { }

    public void LeaseTakenOver(RunStart run, string from, string why)
    {
        lock (_takeovers) _takeovers[run.RunId] = _takeovers.GetValueOrDefault(run.RunId) + 1;
    }

    public async Task FinishedAsync(RunReport report, CancellationToken ct)
    {
        int takeovers;
        lock (_takeovers)
        {
            takeovers = _takeovers.GetValueOrDefault(report.RunId);
            _takeovers.Remove(report.RunId);
        }
        using var deadline = new CancellationTokenSource(Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var grouping = Grouping(report.Pipeline, report.Environment);
        try
        {
            var commit = report.Outcome == RunOutcome.Promoted && report.Release is { } release ? committedAt(release.Commit) : null;
            var group = await gateway.ReadGroupAsync(grouping, linked.Token).ConfigureAwait(false);
            RunMetrics.Apply(group, report, commit, takeovers);
            await gateway.PushAsync(grouping, group, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            warn($"Could not push the delivery metrics of {report.Pipeline} to the Pushgateway at {gateway.Name} within {Deadline.TotalSeconds:0.#}s; the run is not affected.");
        }
        catch (Exception e) when (e is Core.DeliveryException)
        {
            warn($"Could not push the delivery metrics of {report.Pipeline}: {e.Message} The run is not affected.");
        }
    }

    public static IReadOnlyDictionary<string, string> Grouping(string pipeline, string environment) =>
        new Dictionary<string, string> { ["job"] = "delivery", ["pipeline"] = pipeline, ["environment"] = environment };
}

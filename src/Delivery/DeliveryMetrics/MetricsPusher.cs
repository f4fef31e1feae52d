using Delivery.Engine;

namespace Delivery.DeliveryMetrics;

/// <summary>
/// Pushes each finished run's delivery metrics to the environment's Pushgateway, in the group job=delivery,
/// pipeline, environment. The gateway keeps only the last push of a group, so counters are read back from it and
/// added to: runs of one pipeline are serialised by the engine's lease and a run pushes once, at its very end, so two
/// pushes of one group meet only if two runs end in the same instant (a read-modify-write lost then costs one count,
/// never a wrong rate). A gateway restart starts the counters again from zero, which PromQL's rate() and increase()
/// read as a counter reset. Pushes happen in the background, one after another (the read-add-push of one run must not
/// interleave with the next's); <see cref="DrainAsync"/> waits for them at the end of the process, within
/// <see cref="Deadline"/>. A failed push is one warning, never the run's failure.
/// </summary>
/// <param name="committedAt">When a commit was made (from git), for lead time; null when it cannot be told.</param>
public sealed class MetricsPusher(PushgatewayClient gateway, Func<string, DateTimeOffset?> committedAt, Action<string> warn, TimeProvider time) : IRunListener
{
    /// <summary>The longest one run's push may take (a gateway that hangs is given up on), and so the longest a drain waits.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, int> _takeovers = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private Task _pushes = Task.CompletedTask;

    public void Started(RunStart run) { }

    public void LeaseTakenOver(RunStart run, string from, string why)
    {
        lock (_takeovers) _takeovers[run.RunId] = _takeovers.GetValueOrDefault(run.RunId) + 1;
    }

    public void Finished(RunReport report)
    {
        int takeovers;
        lock (_takeovers)
        {
            takeovers = _takeovers.GetValueOrDefault(report.RunId);
            _takeovers.Remove(report.RunId);
        }
        lock (_gate) _pushes = _pushes.ContinueWith(_ => PushAsync(report, takeovers), CancellationToken.None,
            TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    public async Task DrainAsync(CancellationToken ct)
    {
        Task pushes;
        lock (_gate) pushes = _pushes;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var bound = Task.Delay(Deadline + TimeSpan.FromMilliseconds(500), time, stop.Token);
        if (await Task.WhenAny(pushes, bound).ConfigureAwait(false) == bound && !ct.IsCancellationRequested)
            warn($"Delivery metrics were still being pushed to the Pushgateway at {gateway.Name} after {Deadline.TotalSeconds:0.#}s; gave up on them.");
        stop.Cancel();
    }

    private async Task PushAsync(RunReport report, int takeovers)
    {
        using var deadline = new CancellationTokenSource(Deadline, time);
        var grouping = Grouping(report.Pipeline, report.Environment);
        try
        {
            var commit = report.Outcome == RunOutcome.Promoted && report.Release is { } release ? committedAt(release.Commit) : null;
            var group = await gateway.ReadGroupAsync(grouping, deadline.Token).ConfigureAwait(false);
            RunMetrics.Apply(group, report, commit, takeovers);
            await gateway.PushAsync(grouping, group, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            warn($"Could not push the delivery metrics of {report.Pipeline} to the Pushgateway at {gateway.Name} within {Deadline.TotalSeconds:0.#}s; the run is not affected.");
        }
        catch (Exception e) when (e is Core.DeliveryException)
        {
            warn($"Could not push the delivery metrics of {report.Pipeline}: {e.Message} The run is not affected.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            warn($"Could not push the delivery metrics of {report.Pipeline} ({e.GetType().Name}); the run is not affected.");
        }
    }

    public static IReadOnlyDictionary<string, string> Grouping(string pipeline, string environment) =>
        new Dictionary<string, string> { ["job"] = "delivery", ["pipeline"] = pipeline, ["environment"] = environment };
}

using Delivery.Engine;

namespace Delivery.DeliveryMetrics;

/// <summary>
/// What one finished run adds to its pipeline's delivery metrics. Counters are added to what the group already holds
/// (<see cref="MetricsPusher"/> explains why that is safe); <c>delivery_last_*</c> gauges are the last run's values.
/// Sums and counts are counters of their own, so that <c>rate(sum) / rate(count)</c> gives averages over any window.
/// </summary>
public static class RunMetrics
{
    public static readonly string[] Kinds = ["Deploy", "Promote", "Rollback", "Reconcile"];

    /// <param name="committedAt">When the release's commit was made (for lead time); null when git cannot say.</param>
    /// <param name="takeovers">How many times the run took the lease from a holder that had not given it back.</param>
    public static void Apply(MetricSamples group, RunReport report, DateTimeOffset? committedAt, int takeovers)
    {
        var kind = report.Kind;
        // Every outcome of every verb exists from the first push, at 0: increase() cannot see a series' first sample,
        // so a counter born at 1 would hide that first rollback.
        foreach (var k in Kinds)
            foreach (var outcome in Enum.GetNames<RunOutcome>())
                group.Add(SeriesKey.Of("delivery_runs_total", ("kind", k), ("outcome", outcome)), 0, "Runs of Deploy, Promote and Rollback by outcome.");
        group.Add(SeriesKey.Of("delivery_runs_total", ("kind", kind), ("outcome", report.Outcome.ToString())), 1);
        group.Set(SeriesKey.Of("delivery_last_run_timestamp_seconds", ("kind", kind)), report.FinishedAt.ToUnixTimeMilliseconds() / 1000.0,
            help: "When the last run of this verb ended (Unix seconds).");
        group.Add(SeriesKey.Of("delivery_lease_takeovers_total"), takeovers, "Leases taken from a holder that had not given them back (gone, expired, pre-empted).");

        foreach (var (stage, seconds) in report.StageSeconds)
        {
            group.Add(SeriesKey.Of("delivery_stage_seconds_total", ("kind", kind), ("stage", stage)), seconds, "Seconds spent in each stage, summed over runs.");
            group.Add(SeriesKey.Of("delivery_stage_runs_total", ("kind", kind), ("stage", stage)), 1, "Runs that went through each stage.");
            group.Set(SeriesKey.Of("delivery_last_stage_seconds", ("kind", kind), ("stage", stage)), seconds, help: "Seconds the last run spent in each stage.");
        }

        var settled = Settled(report);
        if (report.Outcome == RunOutcome.RolledBack && report.Analysis?.DecidedAt is { } decided && settled >= decided)
            Timed(group, "verdict_to_rollback", "rollbacks", (settled - decided).TotalSeconds,
                "Seconds from the analysis' verdict to the canary being rolled back");
        if (report.Outcome == RunOutcome.Promoted && committedAt is { } commit && settled >= commit)
            Timed(group, "lead_time", "lead_times", (settled - commit).TotalSeconds, "Seconds from the release's commit to its promotion (lead time for changes)");
    }

    /// <summary>When the outcome was reached: the end of the run, less the post-rollout hooks that ran after it.</summary>
    public static DateTimeOffset Settled(RunReport report) =>
        report.FinishedAt - TimeSpan.FromSeconds(report.StageSeconds.GetValueOrDefault("post-rollout"));

    private static void Timed(MetricSamples group, string name, string countName, double seconds, string help)
    {
        group.Add(SeriesKey.Of($"delivery_{name}_seconds_total"), seconds, help + ", summed.");
        group.Add(SeriesKey.Of($"delivery_{countName}_timed_total"), 1, help + ": how many were timed.");
        group.Set(SeriesKey.Of($"delivery_last_{name}_seconds"), seconds, help: help + ", of the last one.");
    }
}

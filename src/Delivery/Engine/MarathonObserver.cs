using Delivery.Core.Canary;
using Delivery.Core.Values;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Reads what one pass of the planner sees: the stable and canary apps with their tasks by zone, the latest read of the
/// analysis checks, and what this run's hooks returned. Marathon is read again on every pass (it is the truth, events
/// are only hints); metrics once per analysis interval.
/// </summary>
public sealed class MarathonObserver(
    IMarathonReader marathon, DeploymentTarget target, TaskFailureLog failures, MetricReader metrics, PipelineHooks hooks, TimeProvider time)
{
    public MetricReader Metrics => metrics;

    /// <param name="status">The run's status as read this pass: it says whether the analysis runs, and since when.</param>
    public async Task<ObservedState> ObserveAsync(CanaryStatus status, CancellationToken ct)
    {
        var stable = await marathon.GetAppAsync(target.StableAppId, ct).ConfigureAwait(false);
        var canary = await marathon.GetAppAsync(target.CanaryAppId, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        failures.Learn(stable, now);
        failures.Learn(canary, now);
        var readings = await metrics.ReadAsync(status, canary is not null, ct).ConfigureAwait(false);
        return new ObservedState(target.Zones, View(stable), View(canary), readings, hooks.Results);
    }

    /// <summary>One app as the planner sees it, or null when Marathon has none.</summary>
    public ObservedApp? View(MarathonApp? app) => View(app, target.Zones, failures);

    /// <summary>An app as the planner sees it, with its tasks in <paramref name="zones"/>.</summary>
    public static ObservedApp? View(MarathonApp? app, IReadOnlyList<Zone> zones, TaskFailureLog failures)
    {
        if (app is null) return null;
        var image = ImageReference.TryParse(app.Image, out var parsed) ? parsed : new ImageReference(null, "unknown", null, null);
        var checks = app.HealthChecks?.Count ?? 0;
        var tasks = zones.ToDictionary(zone => zone, zone => new ZoneTasks(
            (app.Tasks ?? []).Where(task => task.Zone == zone.Name).Select(task => Fact(task, checks, app.VersionInfo?.LastConfigChangeAt)).OfType<TaskFact>().ToList(),
            failures.For(app.Id, zone)));
        return new ObservedApp(app.Id, app.Instances ?? 0, image, app.Labels ?? new Dictionary<string, string>(), app.Version ?? "",
            (app.Deployments ?? []).Select(d => d.Id).ToList(), Timing(app), tasks);
    }

    /// <param name="configChangedAt">The app's last configuration change: a task launched before it runs an older definition.</param>
    /// <param name="checks">How many health checks the app has: a task is healthy when every one of them has a result and
    /// all are alive. Marathon keeps checks and results as sets, so nothing here depends on their order.</param>
    private static TaskFact? Fact(MarathonTask task, int checks, DateTimeOffset? configChangedAt)
    {
        TaskState? state = task.State switch
        {
            "TASK_RUNNING" => TaskState.Running,
            "TASK_STAGING" or "TASK_STARTING" or "TASK_STAGED" => TaskState.Staged,
            _ => null,
        };
        if (state is not { } known) return null;
        var results = task.HealthCheckResults ?? [];
        var healthy = known == TaskState.Running && (checks == 0 || (results.Count >= checks && results.All(r => r.Alive)));
        var streak = results.Select(r => r.ConsecutiveFailures).DefaultIfEmpty(0).Max();
        var firstHealthy = results.Where(r => r.FirstSuccess is not null).Select(r => r.FirstSuccess).Min();
        var current = configChangedAt is not { } changed || task.Version is null
            || (DateTimeOffset.TryParse(task.Version, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var launched) && launched >= changed);
        return new TaskFact(task.Id, known, task.StartedAt, healthy, streak, firstHealthy, current);
    }

    /// <summary>The most lenient of the app's checks (longest grace and interval, most failures allowed), whatever their
    /// order: a task is judged late only once every check could have passed.</summary>
    private static HealthCheckTiming? Timing(MarathonApp app) =>
        app.HealthChecks is { Count: > 0 } checks
            ? new HealthCheckTiming(TimeSpan.FromSeconds(checks.Max(c => c.GracePeriodSeconds ?? 300)), TimeSpan.FromSeconds(checks.Max(c => c.IntervalSeconds ?? 60)),
                checks.Max(c => c.MaxConsecutiveFailures ?? 3))
            : null;
}

using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Core.Tests.Canary;

// Why this and tests/Delivery.Tests/Engine/InMemoryMarathon.cs both exist: they model the same world (tasks spread
// over zones, healthy after a start time unless their digest or zone is bad, deployments that take a while) at two
// layers. This one speaks the planner's words (CanaryAction in, ObservedState out), so the planner's tests need
// nothing but the core; InMemoryMarathon speaks Marathon's (MarathonApp over the engine's IMarathon port), so the
// engine's actuator, observer, ledger and lease are tested through it. One simulator for both would either pull the
// adapters into the core's tests or the Marathon DTOs into the core; the shared part is some forty lines. The
// sandbox's emulator is the faithful one (HTTP, real health checks) and serves the integration tests.

/// <summary>
/// A small in-memory Marathon for planner tests: applies <see cref="CanaryAction"/>s the way the orchestrator would
/// (create, scale, PUT image, delete) and reports what a pass would observe. Tasks spread evenly over zones (as a
/// <c>GROUP_BY</c> constraint does), become healthy <see cref="StartTime"/> after starting unless their release is
/// bad or their zone is broken, and an image change is a rolling deployment that lasts <see cref="DeployTime"/>.
/// </summary>
internal sealed class FakeMarathon
{
    private sealed record FakeTask(string Id, Zone Zone, DateTimeOffset Started);

    private sealed class FakeApp(string id, Release release)
    {
        public string Id { get; } = id;
        public Release Release { get; set; } = release;
        public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
        public List<FakeTask> Tasks { get; } = [];
        public DateTimeOffset DeployingUntil { get; set; }
        public int Writes { get; set; }
    }

    private readonly IReadOnlyList<Zone> _zones;
    private FakeApp? _stable, _canary;
    private int _taskCounter;

    public TimeSpan StartTime { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan DeployTime { get; init; } = TimeSpan.FromSeconds(30);
    public HashSet<Digest> BadDigests { get; } = [];
    public HashSet<Zone> BrokenZones { get; } = [];

    /// <summary>Releases whose tasks exit <see cref="CrashAfter"/> after starting and are relaunched at once (a crash loop).</summary>
    public HashSet<Digest> CrashingDigests { get; } = [];
    public TimeSpan CrashAfter { get; init; } = TimeSpan.FromSeconds(5);

    public FakeMarathon(IReadOnlyList<Zone> zones, Release? stable, int instances, DateTimeOffset started)
    {
        _zones = zones;
        if (stable is null) return;
        _stable = new FakeApp(CanaryWorld.StableId, stable);
        Scale(_stable, instances, started);
    }

    public Release? StableRelease => _stable?.Release;
    public int StableInstances => _stable?.Tasks.Count ?? 0;
    public bool HasCanary => _canary is not null;

    public void Apply(CanaryAction action, DateTimeOffset now)
    {
        switch (action)
        {
            case CanaryAction.PlaceCanary place:
                _canary ??= new FakeApp(CanaryWorld.CanaryId, place.Release) { Labels = place.Labels };
                Scale(_canary, place.Instances, now);
                break;
            case CanaryAction.Grow grow:
                Scale(_canary!, grow.CanaryInstances, now);
                Scale(_stable!, grow.StableInstances, now);
                break;
            case CanaryAction.Promote promote:
                Upgrade(_stable!, promote.Release, promote.Instances, now);
                break;
            case CanaryAction.FinishPromotion:
                _canary = null;
                break;
            case CanaryAction.RollBack rollBack:
                if (rollBack.RestoreImage) Upgrade(_stable!, rollBack.Stable!, rollBack.StableInstances, now);
                else Scale(_stable!, rollBack.StableInstances, now);
                _canary = null;
                break;
            case CanaryAction.LaunchStable launch:
                _stable ??= new FakeApp(CanaryWorld.StableId, launch.Release);
                Upgrade(_stable, launch.Release, launch.Instances, now);
                break;
            case CanaryAction.Restore restore:
                Upgrade(_stable!, restore.Target.ToRelease("lobby", _stable!.Release.Image), restore.Instances, now);
                break;
        }
    }

    public ObservedState Observe(DateTimeOffset now) =>
        new(_zones, _stable is null ? null : View(_stable, now), _canary is null ? null : View(_canary, now));

    /// <summary>Healthy stable plus canary instances: the capacity the minimum is about.</summary>
    public int HealthyCapacity(DateTimeOffset now) => Observe(now) is var seen ? (seen.Stable?.Healthy ?? 0) + (seen.Canary?.Healthy ?? 0) : 0;

    private ObservedApp View(FakeApp app, DateTimeOffset now)
    {
        var crashing = CrashingDigests.Contains(app.Release.Digest);
        var tasks = _zones.ToDictionary(zone => zone, zone =>
        {
            var here = app.Tasks.Where(task => task.Zone == zone).ToList();
            return crashing
                ? new ZoneTasks(here.Select(task => new TaskFact(task.Id, TaskState.Staged, null, false)).ToList(), here.SelectMany(task => Crashes(task, now)).ToList())
                : new ZoneTasks(here.Select(task => Fact(app, task, now)).ToList(), []);
        });
        return new ObservedApp(app.Id, app.Tasks.Count, app.Release.Image, app.Labels, $"v{app.Writes}",
            now < app.DeployingUntil ? ["deployment-" + app.Writes] : [], CanaryWorld.Timing, tasks);
    }

    private IEnumerable<DateTimeOffset> Crashes(FakeTask task, DateTimeOffset now)
    {
        for (var at = task.Started + CrashAfter; at <= now; at += CrashAfter) yield return at;
    }

    private TaskFact Fact(FakeApp app, FakeTask task, DateTimeOffset now)
    {
        var good = !BadDigests.Contains(app.Release.Digest) && !BrokenZones.Contains(task.Zone);
        var healthyAt = task.Started + StartTime;
        if (good && now >= healthyAt) return new TaskFact(task.Id, TaskState.Running, task.Started, true, 0, healthyAt);
        var checkedFor = now - task.Started - CanaryWorld.Timing.GracePeriod;
        var streak = good || checkedFor < TimeSpan.Zero ? 0 : (int)(checkedFor / CanaryWorld.Timing.Interval) + 1;
        return new TaskFact(task.Id, TaskState.Running, task.Started, false, streak);
    }

    private void Upgrade(FakeApp app, Release release, int instances, DateTimeOffset now)
    {
        if (app.Release == release && app.Tasks.Count == instances) return;
        app.Release = release;
        app.Tasks.Clear();
        Scale(app, instances, now);
        app.DeployingUntil = now + DeployTime;
    }

    // GROUP_BY zone: a new task goes to the zone with fewest, a removed one comes from the zone with most.
    private void Scale(FakeApp app, int instances, DateTimeOffset now)
    {
        app.Writes++;
        while (app.Tasks.Count < instances)
        {
            var zone = _zones.OrderBy(z => app.Tasks.Count(t => t.Zone == z)).First();
            app.Tasks.Add(new FakeTask($"{app.Id}.{++_taskCounter}", zone, now));
        }
        while (app.Tasks.Count > instances)
        {
            var zone = _zones.OrderByDescending(z => app.Tasks.Count(t => t.Zone == z)).First();
            app.Tasks.Remove(app.Tasks.Last(t => t.Zone == zone));
        }
    }
}

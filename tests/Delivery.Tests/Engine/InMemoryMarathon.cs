using System.Runtime.CompilerServices;
using Delivery.Core.Values;
using Delivery.Marathon;

namespace Delivery.Tests.Engine;

// Why this and tests/Delivery.Core.Tests/Canary/FakeMarathon.cs both exist: the same world (tasks over zones, start
// times, bad digests, broken zones, deployments) at two layers. This one is the engine's Marathon port with Marathon's
// own objects and refusals (409 while deploying, an existing id, lost answers), so the engine's adapters are exercised;
// FakeMarathon applies the planner's actions to its observed state, so the core's tests stay free of adapters. The
// sandbox's emulator is not used here: it serves HTTP and runs health checks on its own loops, where these tests step
// a fake clock through minutes of canary in milliseconds.

/// <summary>
/// An in-memory <see cref="IMarathon"/> for engine tests, on a fake clock. Apps keep their definitions; tasks
/// spread evenly over the zones (as <c>GROUP_BY</c> does) and become healthy <see cref="StartTime"/> after they start,
/// unless their image's digest is bad or their zone broken (then they fail their checks and are restarted, each
/// restart recorded as the app's <c>lastTaskFailure</c>). An image or definition change is a deployment that lasts
/// <see cref="DeployTime"/>; a non-forced write to an app under deployment is refused with 409, as Marathon does.
/// </summary>
internal sealed class InMemoryMarathon(TimeProvider time, IReadOnlyList<Zone> zones) : IMarathon
{
    private sealed class App(MarathonApp definition)
    {
        public MarathonApp Definition { get; set; } = definition;
        public List<(string Id, Zone Zone, DateTimeOffset Started, string Host)> Tasks { get; } = [];
        public DateTimeOffset DeployingUntil { get; set; }
        public string? DeploymentId { get; set; }
        public int Version { get; set; }
        public (string TaskId, DateTimeOffset At, string Host)? LastFailure { get; set; }
        public Dictionary<string, MarathonApp> Versions { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<string, App> _apps = new(StringComparer.Ordinal);
    private int _counter;

    public TimeSpan StartTime { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan DeployTime { get; set; } = TimeSpan.FromSeconds(20);
    public HashSet<Digest> BadDigests { get; } = [];
    public HashSet<Zone> BrokenZones { get; } = [];

    /// <summary>Every write, in order: "create /games/lobby-canary", "scale /games/lobby 4", "put /games/lobby", "delete …".</summary>
    public List<string> Writes { get; } = [];

    /// <summary>Called before each write is applied; a test throws from it to kill the engine at that point.</summary>
    public Action<string>? BeforeWrite { get; set; }

    /// <summary>Called before every call, reads included; a test throws from it to make Marathon fail (an outage).</summary>
    public Action<string>? BeforeCall { get; set; }

    /// <summary>Writes whose answer is lost after Marathon applied them (the client sees a connection error).</summary>
    public HashSet<string> LoseAnswers { get; } = [];

    private void AnswerOrLose(string what)
    {
        if (LoseAnswers.Remove(what))
            throw new MarathonException($"Tried to {what} but failed because the connection was lost", null, null);
    }

    public bool Exists(string id) => _apps.ContainsKey(id);
    public MarathonApp Definition(string id) => _apps[id].Definition;
    public int TaskCount(string id) => _apps.TryGetValue(id, out var app) ? app.Tasks.Count : 0;
    public IEnumerable<string> AppIds => _apps.Keys;

    public Task<MarathonApp?> GetAppAsync(string appId, CancellationToken ct = default)
    {
        BeforeCall?.Invoke($"get app {appId}");
        lock (_apps) return Task.FromResult(_apps.TryGetValue(appId, out var app) ? Read(app) : null);
    }

    public Task<IReadOnlyList<MarathonApp>> ListAppsAsync(string? labelSelector = null, CancellationToken ct = default)
    {
        BeforeCall?.Invoke("list apps");
        lock (_apps) return Task.FromResult<IReadOnlyList<MarathonApp>>(_apps.Values.Select(Read).ToList());
    }

    public Task<MarathonDeploymentResult> CreateAppAsync(MarathonApp app, CancellationToken ct = default)
    {
        lock (_apps)
        {
            if (_apps.ContainsKey(app.Id)) throw new MarathonAppExistsException($"Tried to create app {app.Id} but failed because it exists.", "{}");
            Write($"create {app.Id}");
            var created = new App(app);
            _apps[app.Id] = created;
            var result = Deploy(created, app.Instances ?? 1, restart: false);
            AnswerOrLose($"create {app.Id}");
            return Task.FromResult(result);
        }
    }

    public Task<MarathonDeploymentResult> PutAppAsync(MarathonApp app, bool partialUpdate = false, bool force = false, CancellationToken ct = default)
    {
        lock (_apps)
        {
            if (!_apps.TryGetValue(app.Id, out var existing))
            {
                Write($"put {app.Id}");
                var created = new App(app);
                _apps[app.Id] = created;
                return Task.FromResult(Deploy(created, app.Instances ?? 1, restart: false));
            }
            RefuseIfLocked(existing, force, app.Id);
            Write($"put {app.Id}");
            var restart = existing.Definition.Image != app.Image || !SameLabels(existing.Definition.Labels, app.Labels);
            existing.Definition = app;
            return Task.FromResult(Deploy(existing, app.Instances ?? 1, restart));
        }
    }

    public Task<MarathonDeploymentResult> ScaleAppAsync(string appId, int instances, bool force = false, CancellationToken ct = default)
    {
        lock (_apps)
        {
            var app = _apps.TryGetValue(appId, out var found) ? found : throw new MarathonNotFoundException($"App {appId} not found.", "{}");
            RefuseIfLocked(app, force, appId);
            Write($"scale {appId} {instances}");
            app.Definition = app.Definition with { Instances = instances };
            return Task.FromResult(Deploy(app, instances, restart: false));
        }
    }

    public Task<MarathonDeploymentResult?> DeleteAppAsync(string appId, CancellationToken ct = default)
    {
        lock (_apps)
        {
            if (!_apps.ContainsKey(appId)) return Task.FromResult<MarathonDeploymentResult?>(null);
            Write($"delete {appId}");
            _apps.Remove(appId);
            return Task.FromResult<MarathonDeploymentResult?>(new MarathonDeploymentResult($"d-{++_counter}", Now()));
        }
    }


    public async IAsyncEnumerable<MarathonEvent> EventsAsync(IReadOnlyCollection<string>? eventTypes = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        yield break;
    }

    public Task<MarathonApp?> GetAppVersionAsync(string appId, string version, CancellationToken ct = default)
    {
        lock (_apps)
            return Task.FromResult(_apps.TryGetValue(appId, out var app) && app.Versions.TryGetValue(version, out var definition) ? definition with { Version = version } : null);
    }

    private void Write(string what)
    {
        BeforeCall?.Invoke(what);
        BeforeWrite?.Invoke(what);
        Writes.Add(what);
    }

    private bool Deploying(App app) => time.GetUtcNow() < app.DeployingUntil;

    private void RefuseIfLocked(App app, bool force, string id)
    {
        if (force || !Deploying(app)) return;
        throw new MarathonAppLockedException($"Tried to update app {id} but failed because Marathon answered 409: locked by {app.DeploymentId}.", "{}", [app.DeploymentId!]);
    }

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private MarathonDeploymentResult Deploy(App app, int instances, bool restart)
    {
        var now = time.GetUtcNow();
        app.Version++;
        app.Versions[$"v{app.Version}"] = app.Definition;
        if (restart) app.Tasks.Clear();
        while (app.Tasks.Count < instances)
        {
            var zone = zones.OrderBy(z => app.Tasks.Count(t => t.Zone == z)).First();
            var n = ++_counter;
            app.Tasks.Add(($"{app.Definition.Id.Trim('/').Replace('/', '_')}.{n}", zone, now, $"host-{zone.Name}"));
        }
        while (app.Tasks.Count > instances)
        {
            var zone = zones.OrderByDescending(z => app.Tasks.Count(t => t.Zone == z)).First();
            app.Tasks.Remove(app.Tasks.Last(t => t.Zone == zone));
        }
        app.DeploymentId = $"d-{++_counter}";
        app.DeployingUntil = now + (restart ? DeployTime : TimeSpan.FromSeconds(1));
        return new MarathonDeploymentResult(app.DeploymentId, $"v{app.Version}-{Now()}");
    }

    private bool Good(App app, Zone zone) =>
        !(ImageReference.TryParse(app.Definition.Image, out var image) && image.Digest is { } d && BadDigests.Contains(d)) && !BrokenZones.Contains(zone);

    // A bad task fails its checks and is restarted every StartTime: each restart is a failure Marathon would report.
    private MarathonApp Read(App app)
    {
        var now = time.GetUtcNow();
        var tasks = new List<MarathonTask>();
        for (var i = 0; i < app.Tasks.Count; i++)
        {
            var (id, zone, started, host) = app.Tasks[i];
            var good = Good(app, zone);
            if (!good && now - started >= StartTime)
            {
                app.LastFailure = (id, now, host);
                app.Tasks[i] = ($"{id}r", zone, now, host);
                (id, started) = ($"{id}r", now);
            }
            var healthy = good && now - started >= StartTime;
            tasks.Add(new MarathonTask
            {
                Id = id, AppId = app.Definition.Id, Host = host, SlaveId = host, Zone = zone.Name, State = "TASK_RUNNING", StartedAt = started,
                HealthCheckResults = app.Definition.HealthChecks is { Count: > 0 }
                    ? [new MarathonHealthCheckResult { Alive = healthy, ConsecutiveFailures = healthy ? 0 : (good ? 0 : 1), FirstSuccess = healthy ? started + StartTime : null }]
                    : null,
            });
        }
        var extra = app.LastFailure is { } failure
            ? new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["lastTaskFailure"] = System.Text.Json.JsonSerializer.SerializeToElement(new
                {
                    appId = app.Definition.Id, taskId = failure.TaskId, state = "TASK_FAILED", host = failure.Host, slaveId = failure.Host,
                    timestamp = failure.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                }),
            }
            : null;
        return app.Definition with
        {
            Version = $"v{app.Version}", Tasks = tasks, Deployments = Deploying(app) ? [new MarathonDeploymentRef(app.DeploymentId!)] : [],
            TasksRunning = tasks.Count, TasksHealthy = tasks.Count(t => t.IsHealthy), Extra = Merge(app.Definition.Extra, extra),
        };
    }

    private static Dictionary<string, System.Text.Json.JsonElement>? Merge(Dictionary<string, System.Text.Json.JsonElement>? a, Dictionary<string, System.Text.Json.JsonElement>? b)
    {
        if (b is null) return a;
        var merged = new Dictionary<string, System.Text.Json.JsonElement>(a ?? []);
        foreach (var (k, v) in b) merged[k] = v;
        return merged;
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value);

}

using Delivery.Marathon;

namespace Delivery.EndToEnd.Tests;

/// <summary>Raised in place of the write a test chose: from then on the engine is "dead" (every write fails).</summary>
public sealed class EngineKilledException(string at) : Exception($"killed before: {at}");

/// <summary>
/// The real Marathon client with a record of every write and an optional kill point: from the first write matching
/// <see cref="KillBefore"/> exactly on, nothing more reaches Marathon, as if the process had been killed with SIGKILL there.
/// </summary>
public sealed class WatchedMarathon(IMarathonClient inner) : IMarathonClient
{
    private bool _dead;

    public string? KillBefore { get; set; }
    public List<string> Writes { get; } = [];

    private void Write(string what)
    {
        lock (Writes)
        {
            if (!_dead && KillBefore is { } point && what == point) _dead = true;
            if (_dead) throw new EngineKilledException(what);
            Writes.Add(what);
        }
    }

    public Task<MarathonApp?> GetAppAsync(string appId, CancellationToken ct = default) => inner.GetAppAsync(appId, ct);
    public Task<IReadOnlyList<MarathonApp>> ListAppsAsync(string? labelSelector = null, CancellationToken ct = default) => inner.ListAppsAsync(labelSelector, ct);
    public Task<MarathonDeploymentResult> CreateAppAsync(MarathonApp app, CancellationToken ct = default) { Write($"create {app.Id}"); return inner.CreateAppAsync(app, ct); }
    public Task<MarathonDeploymentResult> PutAppAsync(MarathonApp app, bool partialUpdate = false, bool force = false, CancellationToken ct = default) { Write($"put {app.Id}"); return inner.PutAppAsync(app, partialUpdate, force, ct); }
    public Task<MarathonDeploymentResult> ScaleAppAsync(string appId, int instances, bool force = false, CancellationToken ct = default) { Write($"scale {appId} {instances}"); return inner.ScaleAppAsync(appId, instances, force, ct); }
    public Task<MarathonDeploymentResult?> DeleteAppAsync(string appId, CancellationToken ct = default) { Write($"delete {appId}"); return inner.DeleteAppAsync(appId, ct); }
    public Task<IReadOnlyList<string>> GetAppVersionsAsync(string appId, CancellationToken ct = default) => inner.GetAppVersionsAsync(appId, ct);
    public Task<MarathonApp?> GetAppVersionAsync(string appId, string version, CancellationToken ct = default) => inner.GetAppVersionAsync(appId, version, ct);
    public Task<MarathonDeploymentResult> RollbackAppAsync(string appId, string version, bool force = false, CancellationToken ct = default) { Write($"rollback {appId}"); return inner.RollbackAppAsync(appId, version, force, ct); }
    public Task<IReadOnlyList<MarathonDeployment>> ListDeploymentsAsync(CancellationToken ct = default) => inner.ListDeploymentsAsync(ct);
    public Task<MarathonDeploymentResult?> DeleteDeploymentAsync(string deploymentId, bool force = false, CancellationToken ct = default) { Write($"cancel {deploymentId}"); return inner.DeleteDeploymentAsync(deploymentId, force, ct); }
    public Task<MarathonKillResult> KillTasksAsync(IReadOnlyCollection<string> taskIds, bool scale = false, CancellationToken ct = default) { Write("kill tasks"); return inner.KillTasksAsync(taskIds, scale, ct); }
    public Task<IReadOnlyList<MarathonQueueItem>> GetQueueAsync(CancellationToken ct = default) => inner.GetQueueAsync(ct);
    public Task<MarathonInfo> GetInfoAsync(CancellationToken ct = default) => inner.GetInfoAsync(ct);
    public Task<bool> PingAsync(CancellationToken ct = default) => inner.PingAsync(ct);
    public IAsyncEnumerable<MarathonEvent> EventsAsync(IReadOnlyCollection<string>? eventTypes = null, CancellationToken ct = default) => inner.EventsAsync(eventTypes, ct);
}

namespace Delivery.Marathon;

/// <summary>
/// The Marathon REST API v2 client: the engine's port (<see cref="IMarathon"/>) and the rest of the API that Delivery
/// covers for people and tests (versions, deployments, tasks, the queue, info), which no part of the engine needs.
/// Every call throws a <see cref="MarathonException"/> subtype on failure (404 only where the method says so).
/// </summary>
public interface IMarathonClient : IMarathon
{
    /// <summary>The stored versions, oldest first (Marathon's own order is unspecified).</summary>
    Task<IReadOnlyList<string>> GetAppVersionsAsync(string appId, CancellationToken ct = default);

    /// <summary>Re-deploys a stored version as a new version (a normal rolling upgrade).</summary>
    Task<MarathonDeploymentResult> RollbackAppAsync(string appId, string version, bool force = false, CancellationToken ct = default);

    /// <summary>Deployments in progress: a write is done when its deployment has left this list.</summary>
    Task<IReadOnlyList<MarathonDeployment>> ListDeploymentsAsync(CancellationToken ct = default);

    /// <summary>
    /// Cancels a deployment. Without <paramref name="force"/> Marathon also starts a deployment that reverts it and
    /// that one's result is returned; with it, it only stops (null). Throws <see cref="MarathonNotFoundException"/> when unknown.
    /// </summary>
    Task<MarathonDeploymentResult?> DeleteDeploymentAsync(string deploymentId, bool force = false, CancellationToken ct = default);

    /// <summary>Kills tasks; with <paramref name="scale"/> the app shrinks instead of replacing them.</summary>
    Task<MarathonKillResult> KillTasksAsync(IReadOnlyCollection<string> taskIds, bool scale = false, CancellationToken ct = default);

    /// <summary>Instances waiting to be placed (e.g. no agent satisfies a zone constraint).</summary>
    Task<IReadOnlyList<MarathonQueueItem>> GetQueueAsync(CancellationToken ct = default);

    Task<MarathonInfo> GetInfoAsync(CancellationToken ct = default);

    /// <summary>True when <c>/ping</c> answers; false when Marathon cannot be reached or answers an error.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}

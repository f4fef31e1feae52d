namespace Delivery.Marathon;

/// <summary>
/// The Marathon REST API v2, narrowed to what Delivery does with it. Every call throws a <see cref="MarathonException"/>
/// subtype on failure (404 only where the method says so); state-changing calls return when Marathon has accepted the
/// deployment, not when it has finished: watch <see cref="ListDeploymentsAsync"/> for that.
/// </summary>
public interface IMarathonClient
{
    /// <summary>The app with its tasks, counts and deployments; null when it does not exist.</summary>
    Task<MarathonApp?> GetAppAsync(string appId, CancellationToken ct = default);

    /// <summary>Apps matching a label selector (<c>service==lobby</c>, <c>track in (stable,canary)</c>, comma = and), tasks embedded.</summary>
    Task<IReadOnlyList<MarathonApp>> ListAppsAsync(string? labelSelector = null, CancellationToken ct = default);

    /// <summary>POST: creates the app. Throws <see cref="MarathonAppExistsException"/> when the id is taken.</summary>
    Task<MarathonDeploymentResult> CreateAppAsync(MarathonApp app, CancellationToken ct = default);

    /// <summary>
    /// PUT: creates or updates the app. <paramref name="partialUpdate"/> false replaces the whole definition (members
    /// left out fall back to Marathon's defaults); <paramref name="force"/> cancels a deployment that holds the app.
    /// </summary>
    Task<MarathonDeploymentResult> PutAppAsync(MarathonApp app, bool partialUpdate = false, bool force = false, CancellationToken ct = default);

    /// <summary>Changes only <c>instances</c>: Marathon scales without restarting tasks.</summary>
    Task<MarathonDeploymentResult> ScaleAppAsync(string appId, int instances, bool force = false, CancellationToken ct = default);

    /// <summary>Deletes the app and all its versions (Marathon always forces this); null when it was already gone.</summary>
    Task<MarathonDeploymentResult?> DeleteAppAsync(string appId, CancellationToken ct = default);

    /// <summary>The stored versions, oldest first (Marathon's own order is unspecified).</summary>
    Task<IReadOnlyList<string>> GetAppVersionsAsync(string appId, CancellationToken ct = default);

    /// <summary>The definition at one version; null when the app or version does not exist.</summary>
    Task<MarathonApp?> GetAppVersionAsync(string appId, string version, CancellationToken ct = default);

    /// <summary>Re-deploys a stored version as a new version (a normal rolling upgrade).</summary>
    Task<MarathonDeploymentResult> RollbackAppAsync(string appId, string version, bool force = false, CancellationToken ct = default);

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

    /// <summary>
    /// The event stream, reconnecting with back-off until <paramref name="ct"/> is cancelled. Events are hints: after
    /// each one (and after every <see cref="MarathonEvent.Attached"/>, which follows a reconnect) re-read state over REST.
    /// </summary>
    /// <param name="eventTypes">Only these types (Marathon filters server-side); null for every type Delivery knows.</param>
    IAsyncEnumerable<MarathonEvent> EventsAsync(IReadOnlyCollection<string>? eventTypes = null, CancellationToken ct = default);
}

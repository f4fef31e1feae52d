namespace Delivery.Marathon;

// The ports the engine depends on, each shaped by what a part of it does with Marathon: the observer, the status view
// and the hooks only read; the actuator, the ledger and the lease read and write apps; the event hints only listen.
// Every call throws a MarathonException subtype on failure (404 only where a method says so). Writes return once
// Marathon has accepted the deployment, not when it has finished: the next read shows whether it has.

/// <summary>Reads apps: what every pass starts from.</summary>
public interface IMarathonReader
{
    /// <summary>The app with its tasks, counts and deployments; null when it does not exist.</summary>
    Task<MarathonApp?> GetAppAsync(string appId, CancellationToken ct = default);

    /// <summary>Apps matching a label selector (<c>service==lobby</c>, <c>track in (stable,canary)</c>, comma = and), tasks embedded.</summary>
    Task<IReadOnlyList<MarathonApp>> ListAppsAsync(string? labelSelector = null, CancellationToken ct = default);

    /// <summary>The definition at one version; null when the app or version does not exist.</summary>
    Task<MarathonApp?> GetAppVersionAsync(string appId, string version, CancellationToken ct = default);
}

/// <summary>Writes apps: the actions of a pass, the status on the ledger app, the lease apps.</summary>
public interface IMarathonWriter
{
    /// <summary>POST: creates the app. Throws <see cref="MarathonAppExistsException"/> when the id is taken (the lease relies on it).</summary>
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
}

/// <summary>Marathon's event stream: hints that wake a waiting run early.</summary>
public interface IMarathonEvents
{
    /// <summary>
    /// The event stream, reconnecting with back-off until <paramref name="ct"/> is cancelled. Events are hints: after
    /// each one (and after every <see cref="MarathonEvent.Attached"/>, which follows a reconnect) re-read state over REST.
    /// </summary>
    /// <param name="eventTypes">Only these types (Marathon filters server-side); null for every type Delivery knows.</param>
    IAsyncEnumerable<MarathonEvent> EventsAsync(IReadOnlyCollection<string>? eventTypes = null, CancellationToken ct = default);
}

/// <summary>Reading and writing apps: what the actuator, the ledger and the lease need.</summary>
public interface IMarathonApps : IMarathonReader, IMarathonWriter;

/// <summary>All the engine does with Marathon, as one port for the composition root to hand to the engine.</summary>
public interface IMarathon : IMarathonApps, IMarathonEvents;

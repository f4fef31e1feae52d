namespace Delivery.Sandbox.Marathon.Runtime;

/// <summary>
/// Runs the tasks the emulated scheduler places: real Docker containers, or in-memory fakes for fast tests.
/// The scheduler owns task state; a runtime only starts, stops and probes what it is told to and reports
/// what happens to a task afterwards (a container exiting) through <see cref="TaskExited"/>.
/// </summary>
public interface ITaskRuntime : IAsyncDisposable
{
    /// <summary>Name shown in /v2/info and logs ("docker", "memory").</summary>
    string Name { get; }

    /// <summary>Starts the task; returns once it is running (TASK_RUNNING) or throws when it cannot start.</summary>
    Task LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken);

    /// <summary>Stops the task (SIGTERM, then SIGKILL after the grace period) and removes what it left.</summary>
    Task KillAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>Runs one health check of a running task and says what it saw.</summary>
    Task<ProbeResult> ProbeAsync(string taskId, ProbeRequest probe, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one readiness check (HTTP/HTTPS against host:port) and reports the status it saw. Added after the first
    /// members; the default performs a real request through <see cref="NetworkProbe"/>, which suits any runtime
    /// whose tasks listen on their host:port (Docker with host networking). The in-memory runtime scripts it.
    /// </summary>
    Task<ReadinessObservation> ReadinessAsync(string taskId, ReadinessRequest request, CancellationToken cancellationToken) =>
        NetworkProbe.Shared.ReadinessAsync(request, cancellationToken);

    /// <summary>Raised when a task ends on its own (exit code, crash, OOM); the scheduler relaunches it with back-off.</summary>
    event Action<TaskExit>? TaskExited;
}

/// <param name="TaskId">Marathon task id, e.g. <c>games_lobby.instance-…._app.1</c>.</param>
/// <param name="Image">container.docker.image, or null for a command task.</param>
/// <param name="Environment">PORT0…N, PORTS, MARATHON_APP_ID, MARATHON_APP_VERSION, MESOS_TASK_ID, HOST, the app's env and labels.</param>
/// <param name="Labels">The app's labels, put on the container so that it can be found by pid-free cleanup.</param>
public sealed record TaskLaunch(
    string TaskId,
    string AppId,
    string AppVersion,
    string Host,
    IReadOnlyList<int> Ports,
    string? Image,
    string? Cmd,
    IReadOnlyList<string>? Args,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Labels,
    double Cpus,
    double MemMb,
    bool ForcePullImage);

/// <param name="Protocol">HTTP, HTTPS, TCP, MESOS_HTTP, MESOS_HTTPS, MESOS_TCP, COMMAND.</param>
public sealed record ProbeRequest(string Protocol, string Host, int Port, string Path, TimeSpan Timeout, bool IgnoreHttp1xx, string? Command);

/// <param name="Ignored">Neither a pass nor a failure: an HTTP 1xx answer to a check with ignoreHttp1xx, after which the
/// task keeps the health it had (core/health/impl/HealthCheckWorker.scala answers Ignored).</param>
public sealed record ProbeResult(bool Healthy, string? Cause, bool Ignored = false)
{
    public static ProbeResult Pass { get; } = new(true, null);
    public static ProbeResult Ignore { get; } = new(false, null, true);
    public static ProbeResult Fail(string cause) => new(false, cause);
}

/// <param name="State">Mesos terminal state: TASK_FAILED, TASK_FINISHED, TASK_KILLED, TASK_LOST.</param>
public sealed record TaskExit(string TaskId, string State, int? ExitCode, string Message);

/// <param name="Protocol">HTTP or HTTPS.</param>
public sealed record ReadinessRequest(string Protocol, string Host, int Port, string Path, TimeSpan Timeout, IReadOnlyList<int> StatusCodesForReady);

/// <param name="Status">HTTP status seen, or null when no answer came (refused, timed out).</param>
public sealed record ReadinessObservation(bool Ready, int? Status, string? ContentType, string? Body);

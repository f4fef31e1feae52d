using Delivery.Sandbox.Marathon.Apps;

namespace Delivery.Sandbox.Marathon.State;

/// <summary>One Marathon task (one instance, incarnation 1) as the scheduler tracks it. Mutated under the state gate.</summary>
public sealed class TaskRecord
{
    public required string Id { get; init; }
    public required string InstanceId { get; init; }
    public required string AppId { get; init; }
    public required string Version { get; init; }
    public required Agent Agent { get; init; }
    public required IReadOnlyList<int> Ports { get; init; }
    public required IReadOnlyList<int> ServicePorts { get; init; }
    public required double Cpus { get; init; }
    public required double MemMb { get; init; }
    public required DateTimeOffset StagedAt { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public string State { get; set; } = TaskStates.Staging;

    /// <summary>One entry per health check of the app version the task runs; null until the check gave a counted result.</summary>
    public HealthState[] Health { get; init; } = [];

    public ReadinessState? Readiness { get; set; }

    /// <summary>Why the emulator is killing it (upgrade, scale, unhealthy), for events and lastTaskFailure.</summary>
    public string? KillReason { get; set; }

    public bool IsRunning => State == TaskStates.Running;
    public bool IsKilling => State == TaskStates.Killing;
    /// <summary>Counts towards the app's instances: launched and not ended, and if unreachable not yet past
    /// unreachableStrategy.inactiveAfterSeconds (then Marathon launches a replacement).</summary>
    public bool IsActive => State is TaskStates.Staging or TaskStates.Starting or TaskStates.Running
        || (State == TaskStates.Unreachable && !UnreachableInactive);

    public DateTimeOffset? UnreachableSince { get; set; }
    public bool UnreachableInactive { get; set; }

    /// <summary>Marathon's notion: every health result present and alive. No checks defined → running is enough.</summary>
    public bool IsHealthy()
    {
        if (!IsRunning) return false;
        if (Health.Length == 0) return true;
        return Health.All(h => h.HasResult && h.Alive);
    }

    /// <summary>
    /// Healthy as a deployment counts it: once healthy, counted until the task ends, even if its checks fail later
    /// (core/deployment/impl/ReadinessBehavior.scala keeps a set of healthy instances that only termination empties).
    /// </summary>
    public bool CountsHealthyForDeployment() => IsActive && (HasBeenHealthy || IsHealthy());

    /// <summary>Set by the health checker when every check of the task first passed.</summary>
    public bool HasBeenHealthy { get; set; }

    public bool HasUnhealthyResult => Health.Any(h => h.HasResult && !h.Alive);
    public bool HasAllResultsAlive => Health.Length > 0 && Health.All(h => h.HasResult && h.Alive);
}

public static class TaskStates
{
    public const string Staging = "TASK_STAGING";
    public const string Starting = "TASK_STARTING";
    public const string Running = "TASK_RUNNING";
    public const string Killing = "TASK_KILLING";
    public const string Killed = "TASK_KILLED";
    public const string Failed = "TASK_FAILED";
    public const string Finished = "TASK_FINISHED";
    public const string Lost = "TASK_LOST";
    public const string Unreachable = "TASK_UNREACHABLE";
    public const string Error = "TASK_ERROR";
    public const string Dropped = "TASK_DROPPED";
    public const string Gone = "TASK_GONE";

    /// <summary>States whose end is recorded as the app's lastTaskFailure (state/TaskFailure.scala isFailureState).</summary>
    public static bool IsFailure(string state) => state is Failed or Error or Lost or Dropped or Gone or "TASK_GONE_BY_OPERATOR" or "TASK_UNKNOWN";
}

/// <summary>Result history of one health check of one task, as shown in healthCheckResults.</summary>
public sealed class HealthState
{
    public required HealthCheckSpec Check { get; init; }
    public bool HasResult { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? FirstSuccess { get; set; }
    public DateTimeOffset? LastSuccess { get; set; }
    public DateTimeOffset? LastFailure { get; set; }
    public string? LastFailureCause { get; set; }
    public DateTimeOffset NextDue { get; set; }
    public bool InFlight { get; set; }

    /// <summary>There is a success and it is newer than the last failure.</summary>
    public bool Alive => LastSuccess is { } s && (LastFailure is not { } f || s > f);
}

public sealed class ReadinessState
{
    public required ReadinessCheckSpec Check { get; init; }
    public bool Ready { get; set; }
    public bool InFlight { get; set; }
    public DateTimeOffset NextDue { get; set; }
    public Runtime.ReadinessObservation? LastResponse { get; set; }
}

public sealed record TaskFailure(string AppId, string Host, string Message, string State, string TaskId, DateTimeOffset Timestamp, string Version, string SlaveId);

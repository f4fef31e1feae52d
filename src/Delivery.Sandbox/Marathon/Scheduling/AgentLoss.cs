using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>
/// A lost agent as Mesos and Marathon see it. While the master still waits for the agent
/// (<see cref="MarathonEmulatorOptions.AgentTimeout"/>) its tasks stay TASK_RUNNING and only their health checks fail
/// (probes time out, see <see cref="Health.HealthChecker"/>); then the master reports them TASK_UNREACHABLE and the app's
/// unreachableStrategy takes over: after inactiveAfterSeconds a replacement is launched, after expungeAfterSeconds the
/// instance is forgotten (core/instance/Instance.scala, state/UnreachableStrategy.scala). An agent that comes back
/// before that reports its tasks running again, and the scheduler kills the surplus.
/// </summary>
public static class AgentLoss
{
    public static void Apply(SchedulerPass pass)
    {
        var now = pass.Now;
        foreach (var task in pass.State.Tasks.Values.ToList())
        {
            if (task.Agent.UnreachableSince is not { } lost)
            {
                if (task.State == TaskStates.Unreachable) Reconnected(pass, task);
                continue;
            }
            if (task.State is TaskStates.Staging or TaskStates.Starting or TaskStates.Running && now >= lost + pass.State.Options.AgentTimeout)
            {
                task.State = TaskStates.Unreachable;
                task.UnreachableSince = now;
                TaskEvents.StatusUpdate(pass.State.Events, task, TaskStates.Unreachable, $"Agent {task.Agent.Id} is unreachable");
            }
            if (task.State != TaskStates.Unreachable || task.UnreachableSince is not { } since) continue;
            var strategy = pass.State.Apps.TryGetValue(task.AppId, out var app) ? app.Spec.Unreachable : new(TimeSpan.Zero, TimeSpan.Zero);
            if (strategy.InactiveAfter is { } inactive && now >= since + inactive) task.UnreachableInactive = true;
            if (strategy.ExpungeAfter is { } expunge && now >= since + expunge) pass.Expunge(task);
        }
    }

    private static void Reconnected(SchedulerPass pass, TaskRecord task)
    {
        task.State = TaskStates.Running;
        task.UnreachableSince = null;
        task.UnreachableInactive = false;
        TaskEvents.StatusUpdate(pass.State.Events, task, TaskStates.Running);
    }
}

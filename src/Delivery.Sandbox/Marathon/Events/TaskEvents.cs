using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.State;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Events;

/// <summary>Payloads of task and health events, with the member names of Events.scala (fixture 18).</summary>
public static class TaskEvents
{
    public static void StatusUpdate(EventBus bus, TaskRecord task, string status, string message = "")
    {
        bus.Publish("status_update_event", new JsonObject
        {
            ["slaveId"] = task.Agent.Id,
            ["taskId"] = task.Id,
            ["taskStatus"] = status,
            ["message"] = message,
            ["appId"] = task.AppId,
            ["host"] = task.Agent.Hostname,
            ["ipAddresses"] = new JsonArray(new JsonObject { ["ipAddress"] = task.Agent.Hostname, ["protocol"] = "IPv4" }),
            ["ports"] = Ints(task.Ports),
            ["version"] = task.Version,
        });
        bus.Publish("instance_changed_event", new JsonObject
        {
            ["instanceId"] = task.InstanceId,
            ["condition"] = Condition(status),
            ["runSpecId"] = task.AppId,
            ["agentId"] = task.Agent.Id,
            ["host"] = task.Agent.Hostname,
            ["runSpecVersion"] = task.Version,
        });
    }

    private static string Condition(string status) => status switch
    {
        TaskStates.Staging => "Staging",
        TaskStates.Starting => "Starting",
        TaskStates.Running => "Running",
        TaskStates.Killing => "Killing",
        TaskStates.Killed => "Killed",
        TaskStates.Failed => "Failed",
        TaskStates.Finished => "Finished",
        TaskStates.Lost => "Unreachable",
        _ => "Unknown",
    };

    public static void HealthChanged(EventBus bus, TaskRecord task, bool alive)
    {
        bus.Publish("health_status_changed_event", new JsonObject
        {
            ["appId"] = task.AppId, ["instanceId"] = task.InstanceId, ["version"] = task.Version, ["alive"] = alive,
        });
    }

    public static void InstanceHealthChanged(EventBus bus, TaskRecord task, bool? healthy)
    {
        bus.Publish("instance_health_changed_event", new JsonObject
        {
            ["instanceId"] = task.InstanceId, ["runSpecId"] = task.AppId, ["healthy"] = healthy, ["runSpecVersion"] = task.Version,
        });
    }

    public static void FailedHealthCheck(EventBus bus, TaskRecord task, HealthCheckSpec check)
    {
        bus.Publish("failed_health_check_event", new JsonObject
        {
            ["appId"] = task.AppId, ["taskId"] = task.Id, ["instanceId"] = task.InstanceId, ["healthCheck"] = check.Definition.DeepClone(),
        });
    }

    public static void UnhealthyKill(EventBus bus, TaskRecord task, string reason)
    {
        bus.Publish("unhealthy_instance_kill_event", new JsonObject
        {
            ["appId"] = task.AppId, ["taskId"] = task.Id, ["instanceId"] = task.InstanceId, ["version"] = task.Version,
            ["reason"] = reason, ["host"] = task.Agent.Hostname, ["slaveId"] = task.Agent.Id,
        });
    }
}

using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.Deployments;
using Delivery.Sandbox.Marathon.State;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>JSON shapes of the API (AppInfo, Task, deployments). Callers hold the state gate.</summary>
public static class Render
{
    public static JsonObject Task(TaskRecord task)
    {
        var json = new JsonObject
        {
            ["id"] = task.Id,
            ["appId"] = task.AppId,
            ["host"] = task.Agent.Hostname,
            ["ports"] = Ints(task.Ports),
            ["servicePorts"] = Ints(task.ServicePorts),
            ["slaveId"] = task.Agent.Id,
            ["state"] = task.State,
            ["stagedAt"] = MarathonTime.Format(task.StagedAt),
            ["version"] = task.Version,
            ["ipAddresses"] = new JsonArray(new JsonObject { ["ipAddress"] = task.Agent.Hostname, ["protocol"] = "IPv4" }),
            ["localVolumes"] = new JsonArray(),
            ["region"] = task.Agent.Region,
            ["zone"] = task.Agent.Zone,
            ["role"] = "*",
        };
        if (task.StartedAt is { } started) json["startedAt"] = MarathonTime.Format(started);
        var results = task.Health.Where(h => h.HasResult).Select(h => (JsonNode?)HealthResult(task, h)).ToList();
        if (results.Count > 0) json["healthCheckResults"] = ArrayOf(results);
        return json;
    }

    public static JsonObject HealthResult(TaskRecord task, HealthState h)
    {
        var json = new JsonObject
        {
            ["alive"] = h.Alive,
            ["consecutiveFailures"] = h.ConsecutiveFailures,
            ["firstSuccess"] = MarathonTime.Format(h.FirstSuccess),
            ["lastSuccess"] = MarathonTime.Format(h.LastSuccess),
            ["lastFailure"] = MarathonTime.Format(h.LastFailure),
            ["instanceId"] = task.InstanceId,
        };
        if (h.LastFailureCause is not null) json["lastFailureCause"] = h.LastFailureCause;
        return json;
    }

    public static JsonObject ReadinessResult(TaskRecord task)
    {
        var r = task.Readiness!;
        var json = new JsonObject { ["name"] = r.Check.Name, ["taskId"] = task.Id, ["ready"] = r.Ready };
        if (r.LastResponse is { Status: { } status } response && (r.Check.PreserveLastResponse || !r.Ready))
            json["lastResponse"] = new JsonObject
            {
                ["status"] = status, ["contentType"] = response.ContentType ?? "", ["body"] = response.Body ?? "",
            };
        return json;
    }

    public static JsonObject AppInfo(MarathonState state, AppRecord app, AppEmbed embed)
    {
        var json = (JsonObject)app.Definition.DeepClone();
        var tasks = state.TasksOf(app.Id).OrderBy(t => t.StagedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        json["tasksStaged"] = tasks.Count(t => t.State is TaskStates.Staging or TaskStates.Starting);
        json["tasksRunning"] = tasks.Count(t => t.IsRunning);
        // Healthy = every result alive; unhealthy = at least one not alive; no result = neither.
        json["tasksHealthy"] = tasks.Count(t => t.IsRunning && t.HasAllResultsAlive);
        json["tasksUnhealthy"] = tasks.Count(t => t.HasUnhealthyResult);
        json["deployments"] = ArrayOf(state.DeploymentsTouching(app.Id).Select(d => (JsonNode?)new JsonObject { ["id"] = d.Id }));
        if (embed.Tasks) json["tasks"] = ArrayOf(tasks.Select(t => (JsonNode?)Task(t)));
        if (embed.LastTaskFailure && app.LastTaskFailure is { } f) json["lastTaskFailure"] = Failure(f);
        if (embed.Readiness)
            json["readinessCheckResults"] = ArrayOf(tasks.Where(t => t.Readiness is not null).Select(t => (JsonNode?)ReadinessResult(t)));
        if (embed.TaskStats) json["tasksStats"] = TaskStats(tasks);
        return json;
    }

    private static JsonObject Failure(TaskFailure f) => new()
    {
        ["appId"] = f.AppId, ["host"] = f.Host, ["message"] = f.Message, ["state"] = f.State, ["taskId"] = f.TaskId,
        ["timestamp"] = MarathonTime.Format(f.Timestamp), ["version"] = f.Version, ["slaveId"] = f.SlaveId,
    };

    private static JsonObject TaskStats(List<TaskRecord> tasks) => new()
    {
        ["totalSummary"] = new JsonObject
        {
            ["stats"] = new JsonObject
            {
                ["counts"] = new JsonObject
                {
                    ["staged"] = tasks.Count(t => !t.IsRunning && t.IsActive),
                    ["running"] = tasks.Count(t => t.IsRunning),
                    ["healthy"] = tasks.Count(t => t.IsRunning && t.HasAllResultsAlive),
                    ["unhealthy"] = tasks.Count(t => t.HasUnhealthyResult),
                },
            },
        },
    };

    public static JsonObject Deployment(MarathonState state, Deployment d) => new()
    {
        ["id"] = d.Id,
        ["version"] = d.Version,
        ["affectedApps"] = Strings(d.AffectedApps),
        ["affectedPods"] = new JsonArray(),
        ["steps"] = Steps(d),
        ["currentActions"] = ArrayOf(d.CurrentActions.Select(a => (JsonNode?)new JsonObject
        {
            ["action"] = a.Action,
            ["app"] = a.AppId,
            ["readinessCheckResults"] = ArrayOf(state.TasksOf(a.AppId).Where(t => t.Readiness is not null)
                .Select(t => (JsonNode?)ReadinessResult(t))),
        })),
        ["currentStep"] = d.CurrentStep,
        ["totalSteps"] = d.Steps.Count,
    };

    public static JsonArray Steps(Deployment d) =>
        ArrayOf(d.Steps.Select(s => (JsonNode?)new JsonObject { ["actions"] = Actions(s.Actions) }));

    public static JsonArray Actions(IEnumerable<DeploymentAction> actions) =>
        ArrayOf(actions.Select(a => (JsonNode?)new JsonObject { ["action"] = a.Action, ["app"] = a.AppId }));

    /// <summary>The plan object carried by deployment events.</summary>
    public static JsonObject Plan(Deployment d) => new()
    {
        ["id"] = d.Id, ["version"] = d.Version, ["steps"] = Steps(d), ["affectedApps"] = Strings(d.AffectedApps),
    };

    public static JsonObject DeploymentResult(string deploymentId, string version) =>
        new() { ["deploymentId"] = deploymentId, ["version"] = version };

    public static IEnumerable<string> Split(string? csv) =>
        (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Which optional members an AppInfo carries. Marathon accepts every embed with the prefix <c>apps.</c>, <c>app.</c>,
/// <c>group.apps.</c> or none, on the list and the single view alike, so that <c>embed=app.tasks</c> on the list is not
/// silently ignored (api/v2/InfoEmbedResolver.scala); <c>tasks</c> brings deployments too, <c>failures</c> (deprecated)
/// tasks, lastTaskFailure and deployments; unknown names are ignored.
/// </summary>
public sealed record AppEmbed(bool Tasks, bool LastTaskFailure, bool Readiness, bool TaskStats)
{
    private static readonly string[] Prefixes = ["group.apps.", "apps.", "app."];

    public static AppEmbed ForList(IEnumerable<string> embeds)
    {
        var set = embeds.Select(WithoutPrefix).ToHashSet();
        return new(set.Contains("tasks") || set.Contains("failures"), set.Contains("lastTaskFailure") || set.Contains("failures"),
            set.Contains("readiness"), set.Contains("taskStats"));
    }

    // The single-app view always carries tasks and lastTaskFailure (AppsResource backward compatibility).
    public static AppEmbed ForSingle(IEnumerable<string> embeds) => ForList(embeds) with { Tasks = true, LastTaskFailure = true };

    private static string WithoutPrefix(string embed) =>
        Prefixes.FirstOrDefault(p => embed.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? embed[prefix.Length..] : embed;
}

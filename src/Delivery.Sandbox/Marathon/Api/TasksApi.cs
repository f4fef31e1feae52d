using System.Text;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>Task listings and kills.</summary>
public static class TasksApi
{
    public static async Task AppTasksAsync(HttpContext context, string appId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        List<TaskRecord> tasks;
        lock (state.Gate)
        {
            if (!state.Apps.ContainsKey(appId)) throw MarathonApiException.AppNotFound(appId);
            tasks = Ordered(state.TasksOf(appId));
        }
        await WriteTasks(context, state, tasks);
    }

    /// <summary>GET /v2/tasks?status=running|staging (also status[]=…).</summary>
    public static async Task ListAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var statuses = Values(context, "status", "status[]").Select(s => "TASK_" + s.ToUpperInvariant()).ToHashSet();
        List<TaskRecord> tasks;
        lock (state.Gate) tasks = Ordered(state.Tasks.Values.Where(t => statuses.Count == 0 || statuses.Contains(t.State)));
        await WriteTasks(context, state, tasks);
    }

    public static async Task KillAppTasksAsync(HttpContext context, string appId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var host = context.Request.Query["host"].ToString();
        List<TaskRecord> tasks;
        lock (state.Gate)
        {
            if (!state.Apps.ContainsKey(appId)) throw MarathonApiException.AppNotFound(appId);
            tasks = state.TasksOf(appId).Where(t => t.IsActive && (host.Length == 0 || t.Agent.Hostname == host)).ToList();
        }
        await Kill(context, tasks, single: false);
    }

    public static async Task KillAppTaskAsync(HttpContext context, string appId, string taskId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        TaskRecord task;
        lock (state.Gate)
        {
            if (!state.Apps.ContainsKey(appId)) throw MarathonApiException.AppNotFound(appId);
            task = state.Tasks.TryGetValue(taskId, out var t) && t.AppId == appId
                ? t
                : throw MarathonApiException.WithMessage(404, $"Task '{taskId}' does not exist");
        }
        await Kill(context, [task], single: true);
    }

    /// <summary>POST /v2/tasks/delete {"ids": [...]}: 400 for an unknown id.</summary>
    public static async Task DeleteAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var body = await ReadObjectAsync(context);
        var ids = (JsonKinds.Arr(body["ids"]) ?? []).Select(i => JsonKinds.Str(i) ?? "").ToList();
        List<TaskRecord> tasks;
        lock (state.Gate)
            tasks = ids.Select(id => state.Tasks.TryGetValue(id, out var t) ? t : throw MarathonApiException.WithMessage(400, $"Invalid task id {id}")).ToList();
        await Kill(context, tasks, single: false);
    }

    private static async Task Kill(HttpContext context, List<TaskRecord> tasks, bool single)
    {
        var scale = Flag(context, "scale", false);
        var (killed, scaled) = context.RequestServices.GetRequiredService<AppCommands>().KillTasks(tasks, scale, Flag(context, "force", false));
        if (scaled is not null)
            await WriteJson(context, 200, Render.DeploymentResult(scaled.DeploymentId, scaled.Version), scaled.DeploymentId);
        else if (single)
            await WriteJson(context, 200, new JsonObject { ["task"] = killed[0] });
        else
            await WriteJson(context, 200, new JsonObject { ["tasks"] = JsonKinds.ArrayOf(killed) });
    }

    private static List<TaskRecord> Ordered(IEnumerable<TaskRecord> tasks) =>
        tasks.OrderBy(t => t.AppId, StringComparer.Ordinal).ThenBy(t => t.StagedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();

    private static async Task WriteTasks(HttpContext context, MarathonState state, List<TaskRecord> tasks)
    {
        if (WantsText(context))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            string text;
            lock (state.Gate) text = Endpoints(state, tasks);
            await context.Response.WriteAsync(text, context.RequestAborted);
            return;
        }
        JsonArray array;
        lock (state.Gate) array = JsonKinds.ArrayOf(tasks.Select(t => (JsonNode?)Render.Task(t)));
        await WriteJson(context, 200, new JsonObject { ["tasks"] = array });
    }

    /// <summary>The text/plain form (EndpointsHelper): per app and service port, a tab-separated line of host:port.</summary>
    private static string Endpoints(MarathonState state, List<TaskRecord> tasks)
    {
        var text = new StringBuilder();
        foreach (var group in tasks.GroupBy(t => t.AppId))
        {
            var name = group.Key.Trim('/').Replace('/', '_');
            var servicePorts = state.Apps.TryGetValue(group.Key, out var app) ? app.Spec.Ports.Select(p => p.ServicePort).ToList() : [];
            if (servicePorts.Count == 0) { text.Append(name).Append(" \n"); continue; }
            for (var i = 0; i < servicePorts.Count; i++)
            {
                text.Append(name).Append('\t').Append(servicePorts[i]).Append('\t');
                foreach (var task in group.Where(t => i < t.Ports.Count))
                    text.Append(task.Agent.Hostname).Append(':').Append(task.Ports[i]).Append('\t');
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}

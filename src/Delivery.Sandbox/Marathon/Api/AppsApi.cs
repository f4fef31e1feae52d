using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>/v2/apps and everything under an app id. App ids contain slashes, so the tail is parsed here.</summary>
public static class AppsApi
{
    public static async Task ListAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var idFilter = context.Request.Query["id"].ToString();
        var cmdFilter = context.Request.Query["cmd"].ToString();
        var labelFilter = context.Request.Query["label"].ToString();
        var selector = labelFilter.Length > 0 ? LabelSelector.Parse(labelFilter) : null;
        var embed = AppEmbed.ForList(Values(context, "embed"));
        JsonArray apps;
        lock (state.Gate)
            apps = Apps.JsonKinds.ArrayOf(state.Apps.Values
                .Where(a => idFilter.Length == 0 || a.Id.Contains(idFilter, StringComparison.OrdinalIgnoreCase))
                .Where(a => cmdFilter.Length == 0 || (a.Spec.Cmd ?? "").Contains(cmdFilter, StringComparison.OrdinalIgnoreCase))
                .Where(a => selector is null || selector(a.Spec.Labels))
                .OrderBy(a => a.Id, StringComparer.Ordinal)
                .Select(a => (JsonNode?)Render.AppInfo(state, a, embed)));
        await WriteJson(context, 200, new JsonObject { ["apps"] = apps });
    }

    public static async Task CreateAsync(HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        var change = Commands(context).Create(body, Flag(context, "force", false));
        PostEvent(context, change.AppId);
        context.Response.Headers.Location = change.AppId;
        await WriteJson(context, 201, change.AppInfo!, change.DeploymentId);
    }

    /// <summary>Every method on /v2/apps/{appId}[/tasks[/{taskId}] | /versions[/{v}] | /restart].</summary>
    public static Task DispatchAsync(HttpContext context)
    {
        var rest = (context.Request.RouteValues["rest"] as string ?? "").Trim('/');
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = context.Request.Method;
        string Id(int drop) => AppCommands.AbsoluteId(string.Join('/', segments[..^drop]));
        var last = segments.LastOrDefault() ?? "";
        var beforeLast = segments.Length >= 2 ? segments[^2] : "";
        return (method, last, beforeLast) switch
        {
            ("GET", "*", _) => GroupAsync(context, Id(1)),
            ("GET", "tasks", _) => TasksApi.AppTasksAsync(context, Id(1)),
            ("DELETE", "tasks", _) => TasksApi.KillAppTasksAsync(context, Id(1)),
            ("DELETE", _, "tasks") => TasksApi.KillAppTaskAsync(context, Id(2), last),
            ("GET", "versions", _) => VersionsAsync(context, Id(1)),
            ("GET", _, "versions") => VersionAsync(context, Id(2), last),
            ("POST", "restart", _) => RestartAsync(context, Id(1)),
            ("GET", _, _) => GetAsync(context, Id(0)),
            ("PUT", _, _) => UpdateAsync(context, Id(0), allowCreate: true),
            ("PATCH", _, _) => UpdateAsync(context, Id(0), allowCreate: false),
            ("DELETE", _, _) => DeleteAsync(context, Id(0)),
            _ => throw MarathonApiException.WithMessage(405, "HTTP 405 Method Not Allowed"),
        };
    }

    private static async Task GetAsync(HttpContext context, string appId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var embed = AppEmbed.ForSingle(Values(context, "embed"));
        JsonObject app;
        lock (state.Gate)
            app = state.Apps.TryGetValue(appId, out var record)
                ? Render.AppInfo(state, record, embed)
                : throw MarathonApiException.AppNotFound(appId);
        await WriteJson(context, 200, new JsonObject { ["app"] = app });
    }

    private static async Task GroupAsync(HttpContext context, string groupId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var prefix = groupId == "/" ? "/" : groupId + "/";
        JsonArray apps;
        lock (state.Gate)
            apps = Apps.JsonKinds.ArrayOf(state.Apps.Values.Where(a => a.Id.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(a => a.Id, StringComparer.Ordinal)
                .Select(a => (JsonNode?)Render.AppInfo(state, a, AppEmbed.ForSingle([]))));
        if (apps.Count == 0) throw MarathonApiException.WithMessage(404, $"Group '{groupId}' does not exist");
        await WriteJson(context, 200, new JsonObject { ["*"] = apps });
    }

    private static async Task UpdateAsync(HttpContext context, string appId, bool allowCreate)
    {
        var body = await ReadObjectAsync(context);
        var change = Commands(context).Update(appId, body, Flag(context, "force", false),
            allowCreate ? Flag(context, "partialUpdate", true) : true, allowCreate);
        PostEvent(context, appId);
        if (change.Created) context.Response.Headers.Location = appId;
        await WriteJson(context, change.Created ? 201 : 200, Render.DeploymentResult(change.DeploymentId, change.Version), change.DeploymentId);
    }

    private static async Task DeleteAsync(HttpContext context, string appId)
    {
        var change = Commands(context).Delete(appId, Flag(context, "force", true));
        await WriteJson(context, 200, Render.DeploymentResult(change.DeploymentId, change.Version), change.DeploymentId);
    }

    private static async Task RestartAsync(HttpContext context, string appId)
    {
        var change = Commands(context).Restart(appId, Flag(context, "force", false));
        await WriteJson(context, 200, Render.DeploymentResult(change.DeploymentId, change.Version), change.DeploymentId);
    }

    private static async Task VersionsAsync(HttpContext context, string appId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        JsonArray versions;
        lock (state.Gate)
            versions = state.Apps.TryGetValue(appId, out var app)
                ? Apps.JsonKinds.Strings(app.Versions.Select(v => v.Version).Reverse())
                : throw MarathonApiException.AppNotFound(appId);
        await WriteJson(context, 200, new JsonObject { ["versions"] = versions });
    }

    private static async Task VersionAsync(HttpContext context, string appId, string version)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        JsonObject definition;
        lock (state.Gate)
            definition = state.Apps.TryGetValue(appId, out var app) && app.Versions.FirstOrDefault(v => v.Version == version).Definition is { } d
                ? (JsonObject)d.DeepClone()
                : throw MarathonApiException.WithMessage(404, $"App '{appId}' does not exist in version {version}");
        await WriteJson(context, 200, definition);
    }

    private static AppCommands Commands(HttpContext context) => context.RequestServices.GetRequiredService<AppCommands>();

    /// <summary>api_post_event carries the stored definition after the change.</summary>
    private static void PostEvent(HttpContext context, string appId)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        JsonObject? definition;
        lock (state.Gate) definition = state.Apps.TryGetValue(appId, out var app) ? (JsonObject)app.Definition.DeepClone() : null;
        state.Events.Publish("api_post_event", new JsonObject
        {
            ["clientIp"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            ["uri"] = context.Request.Path.Value,
            ["appDefinition"] = definition,
        });
    }
}

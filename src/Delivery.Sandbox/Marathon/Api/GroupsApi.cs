using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>
/// GET /v2/groups and /v2/groups/{id}: the group tree that app ids imply, read-only (the emulator stores apps, not
/// groups; writes go through /v2/apps). Without <c>embed</c> apps, pods and groups are embedded (api/v2/GroupsResource.scala
/// defaultEmbeds); <c>group.apps.tasks</c> and the like reach the apps. An unknown group is 404, the root never is.
/// A group's version is the newest version of an app under it; the root's is that of the last change to any app.
/// </summary>
public static class GroupsApi
{
    public static async Task GetAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var id = "/" + ((string?)context.Request.RouteValues["id"] ?? "").Trim('/');
        var embeds = Values(context, "embed").ToHashSet(StringComparer.Ordinal);
        if (embeds.Count == 0) embeds = ["group.apps", "group.pods", "group.groups"];
        var appEmbed = AppEmbed.ForList(embeds.Where(e => e.StartsWith("group.apps.", StringComparison.Ordinal)));
        JsonObject group;
        lock (state.Gate)
        {
            var apps = state.Apps.Values.Where(a => Under(a.Id, id)).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
            if (id != "/" && apps.Count == 0) throw MarathonApiException.WithMessage(404, $"Group '{id}' does not exist");
            group = Group(state, id, apps, embeds, appEmbed);
            if (id == "/" && state.RootVersion is { } root) group["version"] = root;
        }
        await WriteJson(context, 200, group);
    }

    private static JsonObject Group(MarathonState state, string id, IReadOnlyList<AppRecord> apps, HashSet<string> embeds, AppEmbed appEmbed)
    {
        var json = new JsonObject { ["id"] = id };
        if (embeds.Contains("group.apps"))
            json["apps"] = Apps.JsonKinds.ArrayOf(apps.Where(a => Parent(a.Id) == id).Select(a => (JsonNode?)Render.AppInfo(state, a, appEmbed)));
        if (embeds.Contains("group.groups"))
            json["groups"] = Apps.JsonKinds.ArrayOf(apps.Where(a => Parent(a.Id) != id)
                .Select(a => ChildOf(id, a.Id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(child => (JsonNode?)Group(state, child, apps.Where(a => Under(a.Id, child)).ToList(), embeds, appEmbed)));
        if (embeds.Contains("group.pods")) json["pods"] = new JsonArray();
        json["dependencies"] = new JsonArray();
        json["version"] = apps.Count == 0 ? null : apps.Select(a => a.Spec.Version).Max(StringComparer.Ordinal);
        json["enforceRole"] = false;
        return json;
    }

    private static bool Under(string appId, string groupId) => groupId == "/" || appId.StartsWith(groupId + "/", StringComparison.Ordinal);

    private static string Parent(string appId) => appId[..Math.Max(1, appId.LastIndexOf('/'))];

    /// <summary>The child group of <paramref name="groupId"/> that holds <paramref name="appId"/>.</summary>
    private static string ChildOf(string groupId, string appId)
    {
        var prefix = groupId == "/" ? "/" : groupId + "/";
        var rest = appId[prefix.Length..];
        return prefix + rest[..rest.IndexOf('/')];
    }
}

using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Api;
using Delivery.Sandbox.Marathon.Deployments;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>
/// The state changes behind /v2/apps: create, update (partial, full, rollback), delete, restart, scale by killing
/// tasks. Each one validates, stores a version and submits a deployment plan, or throws the
/// <see cref="MarathonApiException"/> Marathon would answer with.
/// </summary>
public sealed class AppCommands(MarathonState state, MarathonScheduler scheduler)
{
    public sealed record Change(string AppId, string DeploymentId, string Version, bool Created, JsonObject? AppInfo);

    public Change Create(JsonObject body, bool force)
    {
        CheckTypes(body);
        if (Str(body["id"]) is not { } rawId) throw MarathonApiException.Invalid([("/id", "error.path.missing")]);
        var appId = AbsoluteId(rawId);
        lock (state.Gate)
        {
            if (state.Apps.ContainsKey(appId)) throw MarathonApiException.WithMessage(409, $"An app with id [{appId}] already exists.");
            var app = Build(body, body, appId, previous: null);
            var version = state.Time.NextVersion();
            Stamp(app, version, version, version);
            var deployment = Submit(new() { [appId] = (null, app, false) }, force, version);
            var info = Render.AppInfo(state, state.Apps[appId], new AppEmbed(false, false, false, false));
            return new Change(appId, deployment.Id, version, true, info);
        }
    }

    /// <summary>PUT (<paramref name="allowCreate"/>) and PATCH. A body with "version" is a rollback to that stored version.</summary>
    public Change Update(string appId, JsonObject body, bool force, bool partialUpdate, bool allowCreate)
    {
        CheckTypes(body);
        if (body.ContainsKey("version")) return Rollback(appId, body, force);
        lock (state.Gate)
        {
            state.Apps.TryGetValue(appId, out var existing);
            if (existing is null && !allowCreate) throw MarathonApiException.AppNotFound(appId);
            var merged = partialUpdate && existing is not null ? Merge(existing.Definition, body) : (JsonObject)body.DeepClone();
            var app = Build(merged, body, appId, existing?.Definition);
            var version = state.Time.NextVersion();
            if (existing is null) Stamp(app, version, version, version);
            else
            {
                var old = existing.Definition;
                var info = Obj(old["versionInfo"]);
                switch (DeploymentPlanner.Classify(old, app))
                {
                    case DeploymentPlanner.ChangeKind.None:
                        Stamp(app, Str(old["version"])!, Str(info?["lastScalingAt"])!, Str(info?["lastConfigChangeAt"])!);
                        break;
                    case DeploymentPlanner.ChangeKind.Scale:
                        Stamp(app, version, version, Str(info?["lastConfigChangeAt"])!);
                        break;
                    default:
                        Stamp(app, version, version, version);
                        break;
                }
            }
            // An unchanged app keeps its version but the answer carries the plan's, which is always new; its plan is empty,
            // so it conflicts with nothing and cancels nothing (upgrade/GroupVersioningUtil.scala, DeploymentPlan.scala).
            var deployment = Submit(new() { [appId] = (existing?.Definition, app, false) }, force, version);
            return new Change(appId, deployment.Id, version, existing is null, null);
        }
    }

    private Change Rollback(string appId, JsonObject body, bool force)
    {
        if (body.Any(p => p.Key is not ("version" or "id")))
            throw MarathonApiException.Invalid([("/", "The 'version' field may only be combined with the 'id' field.")]);
        var wanted = Str(body["version"]);
        lock (state.Gate)
        {
            if (!state.Apps.TryGetValue(appId, out var existing)) throw MarathonApiException.AppNotFound(appId);
            var stored = existing.Versions.FirstOrDefault(v => v.Version == wanted).Definition
                ?? throw MarathonApiException.AppNotFound(appId);
            // A rollback is a new version whose configuration equals the old one, deployed as a rolling upgrade.
            var app = (JsonObject)stored.DeepClone();
            var version = state.Time.NextVersion();
            Stamp(app, version, version, version);
            var deployment = Submit(new() { [appId] = (existing.Definition, app, false) }, force, version);
            return new Change(appId, deployment.Id, version, false, null);
        }
    }

    /// <summary>DELETE /v2/apps/{id}: force defaults to true there, so it cancels whatever holds the app.</summary>
    public Change Delete(string appId, bool force)
    {
        lock (state.Gate)
        {
            if (!state.Apps.TryGetValue(appId, out var existing)) throw MarathonApiException.AppNotFound(appId);
            var version = state.Time.NextVersion();
            var deployment = Submit(new() { [appId] = (existing.Definition, null, false) }, force, version);
            return new Change(appId, deployment.Id, version, false, null);
        }
    }

    /// <summary>POST /restart: same config, new version and lastConfigChangeAt; lastScalingAt unchanged.</summary>
    public Change Restart(string appId, bool force)
    {
        lock (state.Gate)
        {
            if (!state.Apps.TryGetValue(appId, out var existing)) throw MarathonApiException.AppNotFound(appId);
            var app = (JsonObject)existing.Definition.DeepClone();
            var version = state.Time.NextVersion();
            Stamp(app, version, Str(Obj(app["versionInfo"])?["lastScalingAt"]) ?? version, version);
            var deployment = Submit(new() { [appId] = (existing.Definition, app, true) }, force, version);
            return new Change(appId, deployment.Id, version, false, null);
        }
    }

    /// <summary>
    /// Kills tasks. Without <paramref name="scale"/> Marathon replaces them and answers the killed tasks; with it the
    /// app's instances drop by the number killed and the answer is a deployment result.
    /// </summary>
    public (IReadOnlyList<JsonObject> Killed, Change? Scaled) KillTasks(IReadOnlyList<TaskRecord> tasks, bool scale, bool force)
    {
        SchedulerPass pass;
        Change? scaled = null;
        List<JsonObject> killed;
        lock (state.Gate)
        {
            pass = new SchedulerPass(state);
            if (scale)
                foreach (var group in tasks.GroupBy(t => t.AppId))
                    if (state.Apps.TryGetValue(group.Key, out var app))
                        scaled = ScaleDown(app, group.Count(), force);
            killed = tasks.Select(Render.Task).ToList();
            foreach (var task in tasks) pass.Kill(task, scale ? "killed and scaled" : "killed by request");
        }
        scheduler.Execute(pass.Effects);
        return (killed, scaled);
    }

    private Change ScaleDown(AppRecord existing, int count, bool force)
    {
        var app = (JsonObject)existing.Definition.DeepClone();
        app["instances"] = Math.Max(0, existing.Spec.Instances - count);
        var version = state.Time.NextVersion();
        Stamp(app, version, version, Str(Obj(app["versionInfo"])?["lastConfigChangeAt"]) ?? version);
        var deployment = Submit(new() { [existing.Id] = (existing.Definition, app, false) }, force, version);
        return new Change(existing.Id, deployment.Id, version, false, null);
    }

    private Deployment Submit(Dictionary<string, (JsonObject? From, JsonObject? To, bool Restart)> changes, bool force, string version)
    {
        var submitted = DeploymentManager.Submit(state, changes, force, version);
        scheduler.Poke();
        return submitted.Deployment ?? throw MarathonApiException.Locked(submitted.Conflicts);
    }

    private JsonObject Build(JsonObject merged, JsonObject body, string appId, JsonObject? previous)
    {
        var app = AppNormalizer.Normalize(merged, appId, previous, state.NextServicePort);
        var errors = AppValidator.Validate(body, app);
        if (errors.Count > 0) throw MarathonApiException.Invalid(errors);
        return app;
    }

    private static void CheckTypes(JsonObject body)
    {
        var errors = AppTypeCheck.Check(body);
        if (errors.Count > 0) throw MarathonApiException.Invalid(errors, "Invalid JSON");
    }

    /// <summary>partialUpdate=true: members present in the body replace the stored ones; the rest is kept.</summary>
    private static JsonObject Merge(JsonObject current, JsonObject body)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var name in new[] { "version", "versionInfo" }) merged.Remove(name);
        // A legacy or alternative member in the body replaces its stored counterpart rather than clashing with it.
        if (body.ContainsKey("ports")) merged.Remove("portDefinitions");
        if (body.ContainsKey("uris")) merged.Remove("fetch");
        if (body.ContainsKey("args")) merged.Remove("cmd");
        if (body.ContainsKey("cmd")) merged.Remove("args");
        foreach (var (name, value) in body)
            if (name != "id") merged[name] = value?.DeepClone();
        return merged;
    }

    private static void Stamp(JsonObject app, string version, string lastScalingAt, string lastConfigChangeAt)
    {
        app["version"] = version;
        app["versionInfo"] = new JsonObject { ["lastScalingAt"] = lastScalingAt, ["lastConfigChangeAt"] = lastConfigChangeAt };
    }

    /// <summary>Relative ids are made absolute (<c>my-app</c> → <c>/my-app</c>); trailing slashes dropped.</summary>
    public static string AbsoluteId(string id) => "/" + id.Trim().Trim('/');
}

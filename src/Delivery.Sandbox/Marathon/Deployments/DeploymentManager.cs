using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Api;
using Delivery.Sandbox.Marathon.Health;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Deployments;

/// <summary>
/// Stores, locks, advances and cancels deployment plans (DeploymentManagerActor). One deployment per app at a time;
/// a forced plan cancels the ones it conflicts with. A deployment never fails by itself: it waits.
/// </summary>
public static class DeploymentManager
{
    public sealed record Submitted(Deployment? Deployment, IReadOnlyList<string> Conflicts);

    /// <summary>
    /// Applies the change to the store and starts its plan, or refuses it with the conflicting deployment ids.
    /// <paramref name="changes"/>: per app, definition before and after (null = absent) and whether it is a restart.
    /// </summary>
    public static Submitted Submit(MarathonState state, IReadOnlyDictionary<string, (JsonObject? From, JsonObject? To, bool Restart)> changes,
        bool force, string version)
    {
        var deployment = new Deployment
        {
            Id = Guid.NewGuid().ToString(),
            Version = version,
            CreatedAt = state.Time.Now,
            Steps = DeploymentPlanner.Plan(changes),
            Original = changes.ToDictionary(c => c.Key, c => c.Value.From),
            Target = changes.ToDictionary(c => c.Key, c => c.Value.To),
        };
        // Conflicts are plans acting on an app this one acts on (DeploymentManagerActor.conflictingDeployments).
        var conflicts = state.Deployments.Where(d => d.AffectedApps.Intersect(deployment.AffectedApps).Any()).ToList();
        if (conflicts.Count > 0 && !force)
        {
            // Marathon emits deployment_failed for a plan it refuses because of a lock.
            state.Events.Publish("deployment_failed", new JsonObject { ["id"] = deployment.Id, ["plan"] = Render.Plan(deployment), ["reason"] = "locked" });
            GroupChange(state, changes.Keys, version,
                "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.");
            return new Submitted(null, conflicts.Select(c => c.Id).ToList());
        }
        foreach (var conflict in conflicts) Finish(state, conflict, success: false, "cancelled by a forced deployment");
        Apply(state, deployment);
        state.Deployments.Add(deployment);
        GroupChange(state, changes.Keys, version, failure: null);
        return new Submitted(deployment, []);
    }

    /// <summary>
    /// group_change_success once a change is stored and its plan started, group_change_failed when it is refused; the
    /// group is the one the app lives in, as an app change updates its parent group (core/group/impl/GroupManagerImpl.scala).
    /// </summary>
    private static void GroupChange(MarathonState state, IEnumerable<string> appIds, string version, string? failure)
    {
        var appId = appIds.First();
        var payload = new JsonObject { ["groupId"] = appId[..Math.Max(1, appId.LastIndexOf('/'))], ["version"] = version };
        if (failure is not null) payload["reason"] = failure;
        state.Events.Publish(failure is null ? "group_change_success" : "group_change_failed", payload);
    }

    /// <summary>Writes the target definitions to the store; the plan then drives tasks towards them.</summary>
    private static void Apply(MarathonState state, Deployment deployment)
    {
        state.RootVersion = deployment.Version;
        foreach (var (appId, target) in deployment.Target)
        {
            if (target is null)
            {
                if (state.Apps.Remove(appId, out var removed)) Health.HealthCheckRegistry.Removed(state, removed);
                continue;
            }
            if (state.Apps.TryGetValue(appId, out var app))
            {
                var newVersion = app.Spec.Version != Apps.JsonKinds.Str(target["version"]);
                app.Replace(target, state.Options.MaxVersionsPerApp);
                if (newVersion) app.HealthTicksSince = state.Time.Now;
                if (newVersion && deployment.Steps.Any(s => s.Actions.Any(a => a.AppId == appId && a.Action == DeploymentActions.Restart)))
                    Backoff.Reset(app);
            }
            else
            {
                var created = new AppRecord(target);
                created.Replace(target, state.Options.MaxVersionsPerApp);
                created.HealthTicksSince = state.Time.Now;
                state.Apps[appId] = created;
            }
        }
    }

    /// <summary>Cancels a running deployment; emits deployment_failed. Returns false when unknown.</summary>
    public static bool Cancel(MarathonState state, string id, string reason)
    {
        var deployment = state.Deployments.FirstOrDefault(d => d.Id == id);
        if (deployment is null) return false;
        Finish(state, deployment, success: false, reason);
        return true;
    }

    /// <summary>
    /// DeploymentPlanReverter: the change that puts every affected app back as it was before the plan. The restored
    /// definition is a change like any other, so it gets the revert's version as a new configuration
    /// (upgrade/GroupVersioningUtil.scala): every task is then replaced, the ones that were never upgraded too.
    /// </summary>
    public static Dictionary<string, (JsonObject? From, JsonObject? To, bool Restart)> RevertOf(MarathonState state, Deployment deployment, string version) =>
        deployment.Original.ToDictionary(
            o => o.Key,
            o => (state.Apps.TryGetValue(o.Key, out var now) ? now.Definition : (JsonObject?)null, Restamped(o.Value, version), false));

    private static JsonObject? Restamped(JsonObject? definition, string version)
    {
        if (definition?.DeepClone() is not JsonObject copy) return null;
        copy["version"] = version;
        copy["versionInfo"] = new JsonObject { ["lastScalingAt"] = version, ["lastConfigChangeAt"] = version };
        return copy;
    }

    /// <summary>Moves every running deployment as far as the cluster allows in this pass.</summary>
    public static void Advance(SchedulerPass pass)
    {
        foreach (var deployment in pass.State.Deployments.ToList())
        {
            while (true)
            {
                if (deployment.CurrentStep == 0 || StepDone(pass, deployment))
                {
                    if (deployment.CurrentStep > 0)
                        pass.State.Events.Publish("deployment_step_success", StepEvent(deployment));
                    if (deployment.CurrentStep >= deployment.Steps.Count)
                    {
                        Finish(pass.State, deployment, success: true, null);
                        break;
                    }
                    deployment.CurrentStep++;
                    pass.State.Events.Publish("deployment_info", StepEvent(deployment));
                    continue;
                }
                break;
            }
        }
    }

    private static bool StepDone(SchedulerPass pass, Deployment deployment)
    {
        var done = true;
        foreach (var action in deployment.CurrentActions)
            done &= StepActions.Run(pass, deployment, action);
        return done;
    }

    private static JsonObject StepEvent(Deployment d) => new()
    {
        ["plan"] = Render.Plan(d),
        ["currentStep"] = new JsonObject { ["actions"] = Render.Actions(d.CurrentActions) },
    };

    private static void Finish(MarathonState state, Deployment deployment, bool success, string? reason)
    {
        state.Deployments.Remove(deployment);
        // A cancelled plan fails the step it was on before the plan itself fails (DeploymentActor).
        if (!success && deployment.CurrentStep >= 1 && deployment.CurrentStep <= deployment.Steps.Count)
            state.Events.Publish("deployment_step_failure", StepEvent(deployment));
        var payload = new JsonObject { ["id"] = deployment.Id, ["plan"] = Render.Plan(deployment) };
        if (reason is not null) payload["reason"] = reason;
        state.Events.Publish(success ? "deployment_success" : "deployment_failed", payload);
    }
}

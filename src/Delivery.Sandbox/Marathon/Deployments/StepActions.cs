using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Health;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Deployments;

/// <summary>What each deployment action does in one pass, and whether it is done.</summary>
public static class StepActions
{
    public static bool Run(SchedulerPass pass, Deployment deployment, DeploymentAction action) => action.Action switch
    {
        DeploymentActions.Start => true,
        DeploymentActions.Stop => Stop(pass, action.AppId),
        DeploymentActions.Scale => pass.State.Apps.TryGetValue(action.AppId, out var app) && Scale(pass, app, deployment.CreatedAt),
        DeploymentActions.Restart => pass.State.Apps.TryGetValue(action.AppId, out var app) && Restart(pass, app),
        _ => true,
    };

    /// <summary>StopApplication: kill every task of the removed app; done when none is left.</summary>
    private static bool Stop(SchedulerPass pass, string appId)
    {
        var tasks = pass.State.TasksOf(appId).ToList();
        foreach (var task in tasks) pass.Kill(task, "app deleted");
        if (tasks.Count > 0) return false;
        pass.State.Events.Publish("app_terminated_event", new JsonObject { ["appId"] = appId });
        return true;
    }

    /// <summary>
    /// ScaleApplication: kill surplus as <see cref="ScaleDownSelection"/> chooses, launch what is missing; done when exactly n run, none is
    /// still dying, and every instance started by this deployment is healthy and ready (TaskStartActor). Instances
    /// that ran before are not waited for, so scaling down an unhealthy app still finishes.
    /// </summary>
    public static bool Scale(SchedulerPass pass, AppRecord app, DateTimeOffset since)
    {
        var spec = app.Spec;
        var live = pass.State.TasksOf(app.Id).Where(t => t.IsActive).ToList();
        if (live.Count > spec.Instances)
            foreach (var task in ScaleDownSelection.Victims(spec, live, live.Count - spec.Instances))
                pass.Kill(task, "scaling down");
        else if (live.Count < spec.Instances)
            pass.Launch(app, spec.Instances - live.Count);
        ReadinessChecker.Schedule(pass, app);
        var tasks = pass.State.TasksOf(app.Id).ToList();
        return tasks.Count(t => t.IsActive) == spec.Instances && tasks.All(t => t.IsActive)
            && tasks.Where(t => t.StagedAt >= since).All(t => t.CountsHealthyForDeployment() && ReadinessChecker.IsReady(t, spec));
    }

    /// <summary>RestartApplication: the rolling upgrade of <see cref="RollingUpgrade"/>.</summary>
    private static bool Restart(SchedulerPass pass, AppRecord app)
    {
        var spec = app.Spec;
        ReadinessChecker.Schedule(pass, app);
        var tasks = pass.State.TasksOf(app.Id).Where(t => t.IsActive || t.IsKilling).ToList();
        // New instances count as healthy from their first healthy result on; old ones by their health now (kill order).
        RollingUpgrade.Instance ToInstance(TaskRecord t) => new(t.Id, t.Version == spec.Version ? t.CountsHealthyForDeployment() : t.IsHealthy(),
            ReadinessChecker.IsReady(t, spec), t.IsKilling,
            SchedulerPass.KillOrder(t, spec.KillOldestFirst));
        var decision = RollingUpgrade.Decide(spec.Instances, spec.MinimumHealthCapacity, spec.MaximumOverCapacity,
            tasks.Where(t => t.Version != spec.Version).Select(ToInstance).ToList(),
            tasks.Where(t => t.Version == spec.Version).Select(ToInstance).ToList());
        foreach (var id in decision.Kill)
            if (pass.State.Tasks.TryGetValue(id, out var task)) pass.Kill(task, "replaced by a new version");
        pass.Launch(app, decision.Launch);
        return decision.Done;
    }
}

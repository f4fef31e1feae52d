using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Health;

/// <summary>
/// Readiness checks (readiness-checks.md): only while a deployment replaces or adds tasks of the app; a task of the
/// target version is probed every interval from TASK_RUNNING on, whether or not its health checks passed yet
/// (core/deployment/impl/ReadinessBehavior.scala starts them on the Running change), until it is ready; ready stays ready.
/// </summary>
public static class ReadinessChecker
{
    public static bool IsReady(TaskRecord task, AppSpec spec) => spec.Readiness is null || task.Readiness?.Ready == true;

    public static void Schedule(SchedulerPass pass, AppRecord app)
    {
        var spec = app.Spec;
        if (spec.Readiness is not { } check) return;
        var portIndex = spec.Ports.Select(p => p.Name).ToList().IndexOf(check.PortName);
        foreach (var task in pass.State.TasksOf(app.Id))
        {
            if (task.Version != spec.Version || !task.IsRunning) continue;
            task.Readiness ??= new ReadinessState { Check = check, NextDue = pass.Now };
            var r = task.Readiness;
            if (r.Ready || r.InFlight || pass.Now < r.NextDue || portIndex < 0 || portIndex >= task.Ports.Count) continue;
            r.InFlight = true;
            pass.Effects.ReadinessProbes.Add((task, r, new ReadinessRequest(check.Protocol, task.Agent.Hostname, task.Ports[portIndex],
                check.Path, check.Timeout, check.StatusCodesForReady)));
        }
    }

    public static void Record(SchedulerPass pass, ReadinessState readiness, ReadinessObservation observation)
    {
        readiness.InFlight = false;
        readiness.LastResponse = observation;
        readiness.Ready |= observation.Ready;
        readiness.NextDue = pass.Now + readiness.Check.Interval;
    }
}

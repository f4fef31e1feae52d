using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Apps;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;

namespace Delivery.Sandbox.Marathon.Health;

/// <summary>
/// Which app versions have their health checks running, announced as Marathon's health check manager announces them
/// (core/health/impl/MarathonHealthCheckManager.scala reconcile): add_health_check_event for each check of the current
/// version and of every version that still has tasks; remove_health_check_event once an older version has none left,
/// and for every check of a deleted app.
/// </summary>
public static class HealthCheckRegistry
{
    public static void Reconcile(SchedulerPass pass)
    {
        var state = pass.State;
        foreach (var app in state.Apps.Values)
        {
            var active = state.TasksOf(app.Id).Select(t => t.Version).Append(app.Spec.Version).ToHashSet(StringComparer.Ordinal);
            foreach (var version in app.CheckedVersions.Keys.Where(v => !active.Contains(v) && string.CompareOrdinal(v, app.Spec.Version) < 0).ToList())
                Remove(state, app, version);
            foreach (var version in active.Where(v => !app.CheckedVersions.ContainsKey(v)))
            {
                var checks = Definition(app, version) is { } definition ? AppSpec.From(definition).HealthChecks : [];
                app.CheckedVersions[version] = checks.Count;
                foreach (var check in checks)
                    state.Events.Publish("add_health_check_event",
                        new JsonObject { ["appId"] = app.Id, ["version"] = version, ["healthCheck"] = check.Definition.DeepClone() });
            }
        }
    }

    /// <summary>The app is gone: every check of every version it had stops.</summary>
    public static void Removed(MarathonState state, AppRecord app)
    {
        foreach (var version in app.CheckedVersions.Keys.ToList()) Remove(state, app, version);
    }

    private static void Remove(MarathonState state, AppRecord app, string version)
    {
        for (var i = 0; i < app.CheckedVersions[version]; i++)
            state.Events.Publish("remove_health_check_event", new JsonObject { ["appId"] = app.Id });
        app.CheckedVersions.Remove(version);
    }

    private static JsonObject? Definition(AppRecord app, string version) =>
        version == app.Spec.Version ? app.Definition : app.Versions.FirstOrDefault(v => v.Version == version).Definition;
}

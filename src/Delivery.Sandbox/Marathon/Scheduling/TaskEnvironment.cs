using System.Text.RegularExpressions;
using Delivery.Sandbox.Marathon.Apps;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>
/// The environment Marathon gives a task (ports.md, task-environment-vars.md): PORT0…N, PORT, PORTS, PORT_NAME,
/// HOST, MARATHON_APP_*, MESOS_TASK_ID, plus the app's own env (which wins on clashes, as in Marathon) — except HOST,
/// which is always the agent's loopback address here: services bind to $HOST, so a definition cannot make a task listen
/// on every interface by setting it. That is all it enforces: with host networking a program that binds 0.0.0.0 by
/// itself still can.
/// </summary>
public static partial class TaskEnvironment
{
    public static Dictionary<string, string> For(AppSpec app, string taskId, string host, IReadOnlyList<int> ports)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            env[$"PORT{i}"] = ports[i].ToString();
            if (i < app.Ports.Count && app.Ports[i].Name is { } name) env[$"PORT_{Sanitize(name)}"] = ports[i].ToString();
            // Marathon also exports the service port under PORT_<servicePort> for the legacy ports format.
            if (i < app.Ports.Count && app.Ports[i].ServicePort != 0) env[$"PORT_{app.Ports[i].ServicePort}"] = ports[i].ToString();
        }
        if (ports.Count > 0) env["PORT"] = ports[0].ToString();
        env["PORTS"] = string.Join(',', ports);
        env["HOST"] = host;
        env["MARATHON_APP_ID"] = app.Id;
        env["MARATHON_APP_VERSION"] = app.Version;
        env["MARATHON_APP_DOCKER_IMAGE"] = app.Image ?? "";
        env["MARATHON_APP_RESOURCE_CPUS"] = app.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["MARATHON_APP_RESOURCE_MEM"] = app.MemMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["MESOS_TASK_ID"] = taskId;
        env["MARATHON_APP_LABELS"] = string.Join(' ', app.Labels.Keys.Select(Sanitize));
        foreach (var (key, value) in app.Labels) env[$"MARATHON_APP_LABEL_{Sanitize(key)}"] = value;
        foreach (var (key, value) in app.Env) env[key] = value;
        env["HOST"] = host;
        return env;
    }

    // Names become upper case with anything but letters, digits and '_' replaced by '_' (EnvironmentHelper.scala).
    private static string Sanitize(string name) => NonWord().Replace(name.ToUpperInvariant(), "_");

    [GeneratedRegex("[^A-Z0-9_]")]
    private static partial Regex NonWord();
}

using System.Text.RegularExpressions;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Checks a Marathon app template (<c>pipelines/marathon/*.json</c>) before anything is sent to Marathon, with the
/// template's own line and column. Only what Delivery relies on is checked; other members pass through untouched
/// (Marathon validates them itself when the app is posted).
/// </summary>
public static partial class MarathonTemplateCheck
{
    private static readonly string[] Protocols = ["HTTP", "HTTPS", "TCP", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP", "COMMAND"];

    /// <summary>Returns the template's app id (the stable track), or null when the template is not usable.</summary>
    public static string? Check(string json, string file, ConfigErrors errors)
    {
        var local = new ConfigErrors();
        var root = JsonConfigReader.Read(json, file, local);
        if (root is ConfigMapping app)
        {
            var id = AppId(app, local);
            HealthChecks(app, PortCount(app), local);
            UpgradeStrategy(app, local);
            if (app.Find("cmd") is { } cmd && app.Find("args") is not null)
                local.Add(cmd.Key.Span, "the template has both 'cmd' and 'args'", "at most one of them (Marathon answers 422 otherwise)");
            foreach (var key in new[] { "cpus", "mem" })
                if (app.Find(key) is { } resource && ConfigValues.Number(resource.Value, local, $"a positive number of {key}") is <= 0)
                    local.Add(resource.Value.Span, $"{key} is not positive", $"a positive number of {key}");
            errors.AddRange(local);
            return local.Any ? null : id;
        }
        if (root is not null) local.Add(root.Span, $"the template is {root.Describe()}", "a JSON object: one Marathon app definition");
        errors.AddRange(local);
        return null;
    }

    private static string? AppId(ConfigMapping app, ConfigErrors errors)
    {
        const string expected = "an absolute Marathon app id such as /games/lobby (lowercase letters, digits, '-' and '.' per segment)";
        if (app.Find("id") is not { } entry)
        {
            errors.Add(app.Span, "the template has no 'id'", expected);
            return null;
        }
        if (ConfigValues.Text(entry.Value, errors, expected) is not { } id) return null;
        if (AppIdPattern().IsMatch(id)) return id;
        errors.Add(entry.Value.Span, $"'{id}' is not an absolute app id", expected);
        return null;
    }

    // Host networking reserves one port per portDefinitions entry (Marathon's default is one); bridge mode uses portMappings.
    private static int PortCount(ConfigMapping app)
    {
        if (app.Find("portDefinitions")?.Value is ConfigSequence definitions) return definitions.Items.Count;
        if (app.Find("ports")?.Value is ConfigSequence ports) return ports.Items.Count;
        var container = app.Find("container")?.Value as ConfigMapping;
        if (container?.Find("portMappings")?.Value is ConfigSequence mappings) return mappings.Items.Count;
        if ((container?.Find("docker")?.Value as ConfigMapping)?.Find("portMappings")?.Value is ConfigSequence legacy) return legacy.Items.Count;
        return 1;
    }

    private static void HealthChecks(ConfigMapping app, int ports, ConfigErrors errors)
    {
        // Marathon never fails a deployment by itself; without a health check a crashing release looks healthy once running.
        if (app.Find("healthChecks")?.Value is not ConfigSequence { Items.Count: > 0 } checks)
        {
            errors.Add(app.Find("healthChecks")?.Value.Span ?? app.Span, "the template has no health checks",
                "a non-empty 'healthChecks' list, e.g. [{\"protocol\": \"HTTP\", \"path\": \"/health\", \"portIndex\": 0}]");
            return;
        }
        foreach (var node in checks.Items)
        {
            if (node is not ConfigMapping check)
            {
                errors.Add(node.Span, $"a health check is {node.Describe()}", "a health check object");
                continue;
            }
            var protocol = check.Find("protocol") is { } p ? ConfigValues.Text(p.Value, errors, "a protocol") : "HTTP";
            if (protocol is not null && !Protocols.Contains(protocol))
                errors.Add(check.Find("protocol")!.Value.Span, $"'{protocol}' is not a health-check protocol", "one of " + string.Join(", ", Protocols));
            if (protocol == "COMMAND" && (check.Find("command")?.Value as ConfigMapping)?.Find("value") is null)
                errors.Add(check.Span, "a COMMAND health check has no command.value", "\"command\": {\"value\": \"<shell command>\"}");
            if (check.Find("path") is { } path && ConfigValues.Text(path.Value, errors, "a path starting with /") is { } text && !text.StartsWith('/'))
                errors.Add(path.Value.Span, $"'{text}' does not start with /", "a path starting with /, e.g. /health");
            if (check.Find("portIndex") is { } index && check.Find("port") is null
                && ConfigValues.Integer(index.Value, errors, 0, int.MaxValue) is { } i && i >= ports)
                errors.Add(index.Value.Span, $"portIndex {i} addresses no port (the app has {ports})", $"a port index from 0 to {ports - 1}");
            foreach (var timing in new[] { "gracePeriodSeconds", "intervalSeconds", "timeoutSeconds", "maxConsecutiveFailures" })
                if (check.Find(timing) is { } t) ConfigValues.Integer(t.Value, errors, 0, 86_400);
        }
    }

    private static void UpgradeStrategy(ConfigMapping app, ConfigErrors errors)
    {
        const string expected = "\"upgradeStrategy\": {\"minimumHealthCapacity\": 0..1, \"maximumOverCapacity\": 0..1}";
        if (app.Find("upgradeStrategy")?.Value is not ConfigMapping strategy)
        {
            errors.Add(app.Find("upgradeStrategy")?.Value.Span ?? app.Span, "the template has no upgradeStrategy object", expected);
            return;
        }
        foreach (var key in new[] { "minimumHealthCapacity", "maximumOverCapacity" })
        {
            if (strategy.Find(key) is not { } entry)
            {
                errors.Add(strategy.Span, $"upgradeStrategy has no '{key}'", "a number from 0.0 to 1.0");
                continue;
            }
            if (ConfigValues.Number(entry.Value, errors, "a number from 0.0 to 1.0") is { } value and (< 0 or > 1))
                errors.Add(entry.Value.Span, $"{key} {value} is out of range", "a number from 0.0 to 1.0 (Marathon answers 422 otherwise)");
        }
    }

    [GeneratedRegex("^(/[a-z0-9]([a-z0-9.-]*[a-z0-9])?)+$")]
    private static partial Regex AppIdPattern();
}

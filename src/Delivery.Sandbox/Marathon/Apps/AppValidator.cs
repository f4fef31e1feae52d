using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>
/// The rules of Marathon's AppValidation that a deploy tool can trip over, with Marathon's paths
/// (<c>/</c>, <c>/upgradeStrategy/minimumHealthCapacity</c>, <c>/healthChecks(0)</c>) and messages.
/// </summary>
internal static partial class AppValidator
{
    private static readonly string[] HealthProtocols = ["HTTP", "HTTPS", "TCP", "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP"];

    /// <summary>Checks a normalized app; <paramref name="raw"/> is the body it came from, for rules on what was sent.</summary>
    public static List<(string Path, string Error)> Validate(JsonObject raw, JsonObject app)
    {
        var errors = new List<(string, string)>();
        ValidateId(Str(app["id"]) ?? "", errors);
        ValidateCommand(raw, app, errors);
        Range(app, "cpus", 0.001, errors, "0.001");
        Range(app, "mem", 0, errors, "0.0");
        Range(app, "disk", 0, errors, "0.0");
        Range(app, "instances", 0, errors, "0");
        Range(app, "backoffSeconds", 0, errors, "0");
        Range(app, "maxLaunchDelaySeconds", 0, errors, "0");
        if (Num(app["backoffFactor"]) is < 1.0 and var f) errors.Add(("/backoffFactor", $"got {f}, expected 1.0 or more"));
        if (Str(app["killSelection"]) is not ("YOUNGEST_FIRST" or "OLDEST_FIRST"))
            errors.Add(("/killSelection", "error.unknown.enum.literal"));
        ValidatePorts(raw, app, errors);
        errors.AddRange(ConstraintRules.Validate(Arr(app["constraints"]) ?? []));
        ValidateStrategy(Obj(app["upgradeStrategy"])!, errors);
        ValidateHealthChecks(app, errors);
        ValidateReadiness(app, errors);
        ValidateSecrets(app, errors);
        return errors;
    }

    public static void ValidateId(string id, List<(string, string)> errors)
    {
        var segments = id.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) errors.Add(("/id", "Path must contain at least one path element"));
        else if (segments.Any(s => !SegmentPattern().IsMatch(s)))
            errors.Add(("/id", "must fully match regular expression '^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$'"));
    }

    [GeneratedRegex(@"^((([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])|(\.|\.\.))$")]
    private static partial Regex SegmentPattern();

    private static void ValidateCommand(JsonObject raw, JsonObject app, List<(string, string)> errors)
    {
        var hasCmd = !string.IsNullOrEmpty(Str(app["cmd"]));
        var hasArgs = Arr(app["args"]) is { Count: > 0 };
        var hasContainer = app["container"] is not null;
        if ((hasCmd && hasArgs) || (!hasCmd && !hasArgs && !hasContainer))
            errors.Add(("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."));
        if (raw["ipAddress"] is JsonObject && Arr(raw["portDefinitions"] ?? raw["ports"]) is { Count: > 0 })
            errors.Add(("/", "IP address (ipAddress) and ports (portDefinitions) are not allowed at the same time"));
    }

    private static void Range(JsonObject app, string name, double min, List<(string, string)> errors, string shown)
    {
        if (Num(app[name]) is { } v && v < min) errors.Add(($"/{name}", $"got {v}, expected {shown} or more"));
    }

    private static void ValidatePorts(JsonObject raw, JsonObject app, List<(string, string)> errors)
    {
        if (raw["ports"] is JsonArray && raw["portDefinitions"] is JsonArray)
            errors.Add(("/", "cannot specify both ports and port definitions"));
        var host = AppNormalizer.NetworkMode(app) == "host";
        if (host && Arr(Obj(app["container"])?["portMappings"]) is { Count: > 0 })
            errors.Add(("/container/portMappings", "portMappings are not allowed with host-networking"));
        if (!host && Arr(raw["portDefinitions"]) is { Count: > 0 })
            errors.Add(("/portDefinitions", "portDefinitions are only allowed with host-networking"));
        var names = PortNames(app).Where(n => n is not null).ToList();
        if (names.Count != names.Distinct().Count()) errors.Add(("/portDefinitions", "Port names must be unique."));
    }

    private static void ValidateStrategy(JsonObject strategy, List<(string, string)> errors)
    {
        foreach (var name in new[] { "minimumHealthCapacity", "maximumOverCapacity" })
            if (Num(strategy[name]) is { } v && v is < 0 or > 1)
                errors.Add(($"/upgradeStrategy/{name}", $"got {v}, expected between 0.0 and 1.0"));
    }

    private static void ValidateHealthChecks(JsonObject app, List<(string, string)> errors)
    {
        var checks = Arr(app["healthChecks"]) ?? [];
        var portCount = PortNames(app).Count;
        for (var i = 0; i < checks.Count; i++)
        {
            var check = Obj(checks[i]) ?? [];
            var path = $"/healthChecks({i})";
            var protocol = Str(check["protocol"]) ?? "";
            if (!HealthProtocols.Contains(protocol)) { errors.Add(($"{path}/protocol", "error.unknown.enum.literal")); continue; }
            if (protocol == "COMMAND" && string.IsNullOrEmpty(Str(Obj(check["command"])?["value"])))
                errors.Add(($"{path}/command", "COMMAND health checks require a command value"));
            if (protocol != "COMMAND" && IsNull(check["port"]) && Num(check["portIndex"]) is { } index && (index < 0 || index >= portCount))
                errors.Add((path, "Health check port indices must address an element of the ports array or container port mappings."));
            if (Num(check["gracePeriodSeconds"]) < 0) errors.Add(($"{path}/gracePeriodSeconds", "got negative, expected 0 or more"));
            if (Num(check["intervalSeconds"]) < 1) errors.Add(($"{path}/intervalSeconds", "expected 1 or more"));
            if (Num(check["timeoutSeconds"]) < 1) errors.Add(($"{path}/timeoutSeconds", "expected 1 or more"));
            if (Num(check["maxConsecutiveFailures"]) < 0) errors.Add(($"{path}/maxConsecutiveFailures", "expected 0 or more"));
        }
        if (checks.Count(c => Str(c?["protocol"]) is { } p && (p.StartsWith("MESOS_") || p == "COMMAND")) > 1)
            errors.Add(("/", "AppDefinition can contain at most one Mesos health check"));
    }

    private static void ValidateReadiness(JsonObject app, List<(string, string)> errors)
    {
        var checks = Arr(app["readinessChecks"]) ?? [];
        if (checks.Count > 1) errors.Add(("/readinessChecks", $"size is {checks.Count}, expected 1 or less"));
        var names = PortNames(app);
        for (var i = 0; i < checks.Count; i++)
        {
            var check = Obj(checks[i]) ?? [];
            var path = $"/readinessChecks({i})";
            var portName = Str(check["portName"]);
            if (!names.Contains(portName))
                errors.Add(($"{path}/portName", $"Readiness checks must reference a named port of the app; '{portName}' is not one of [{string.Join(", ", names.Where(n => n is not null))}]"));
            if (Str(check["protocol"]) is not ("HTTP" or "HTTPS")) errors.Add(($"{path}/protocol", "error.unknown.enum.literal"));
            if (Num(check["timeoutSeconds"]) >= Num(check["intervalSeconds"]))
                errors.Add(($"{path}/timeoutSeconds", "timeoutSeconds must be less than intervalSeconds"));
        }
    }

    // env {"secret": name} must name an entry of "secrets" (the kitchen-sink example gets this wrong on purpose).
    private static void ValidateSecrets(JsonObject app, List<(string, string)> errors)
    {
        var secrets = Obj(app["secrets"]) ?? [];
        foreach (var (name, value) in Obj(app["env"]) ?? [])
            if (Obj(value) is { } reference && Str(reference["secret"]) is { } secret && !secrets.ContainsKey(secret))
                errors.Add(($"/env({name})", $"references an undefined secret named '{secret}'"));
    }

    /// <summary>Names of the app's ports in order (null for unnamed), from portDefinitions or container portMappings.</summary>
    public static List<string?> PortNames(JsonObject app)
    {
        var source = AppNormalizer.NetworkMode(app) == "host"
            ? Arr(app["portDefinitions"])
            : Arr(Obj(app["container"])?["portMappings"]);
        return (source ?? []).Select(p => Str(Obj(p)?["name"])).ToList();
    }
}

using System.Text.Json.Nodes;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>
/// Turns a request body into the app definition Marathon stores and answers with: absolute id, every default
/// filled in (AppDefinition / RAML defaults of 1.10), legacy <c>ports</c>/<c>uris</c>/<c>docker.network</c> moved to
/// their 1.5+ forms, service ports assigned for port 0. Runs on bodies that passed <see cref="AppTypeCheck"/>.
/// </summary>
internal static class AppNormalizer
{
    public const int ServicePortMin = 10000;

    /// <param name="previous">The stored definition this one replaces, so service ports stay stable across updates.</param>
    public static JsonObject Normalize(JsonObject raw, string appId, JsonObject? previous, Func<int> nextServicePort)
    {
        var app = new JsonObject { ["id"] = appId };
        CopyIfPresent(raw, app, "cmd", "args", "user");
        app["instances"] = Num(raw["instances"]) is { } n ? (int)n : 1;
        app["cpus"] = Num(raw["cpus"]) ?? 1;
        app["mem"] = Num(raw["mem"]) ?? 128;
        app["disk"] = Num(raw["disk"]) ?? 0;
        app["gpus"] = Num(raw["gpus"]) is { } g ? (int)g : 0;
        app["executor"] = Str(raw["executor"]) ?? "";
        app["constraints"] = NormalizeConstraints(raw["constraints"]);
        app["fetch"] = NormalizeFetch(raw);
        app["storeUrls"] = Clone(raw["storeUrls"]) ?? new JsonArray();
        app["backoffSeconds"] = Num(raw["backoffSeconds"]) ?? 1;
        app["backoffFactor"] = Num(raw["backoffFactor"]) ?? 1.15;
        app["maxLaunchDelaySeconds"] = Num(raw["maxLaunchDelaySeconds"]) ?? 300;
        var (container, bridge) = NormalizeContainer(Obj(raw["container"]), Obj(previous?["container"]), nextServicePort);
        if (container is not null) app["container"] = container;
        app["healthChecks"] = ArrayOf((Arr(raw["healthChecks"]) ?? []).Select(h => (JsonNode?)NormalizeHealthCheck(Obj(h) ?? [])));
        app["readinessChecks"] = ArrayOf((Arr(raw["readinessChecks"]) ?? []).Select(r => (JsonNode?)NormalizeReadiness(Obj(r) ?? [])));
        app["dependencies"] = Strings((Arr(raw["dependencies"]) ?? []).Select(d => Str(d) ?? ""));
        var strategy = Obj(raw["upgradeStrategy"]);
        app["upgradeStrategy"] = new JsonObject
        {
            ["minimumHealthCapacity"] = Num(strategy?["minimumHealthCapacity"]) ?? 1,
            ["maximumOverCapacity"] = Num(strategy?["maximumOverCapacity"]) ?? 1,
        };
        app["unreachableStrategy"] = Clone(raw["unreachableStrategy"]) ?? new JsonObject { ["inactiveAfterSeconds"] = 0, ["expungeAfterSeconds"] = 0 };
        app["killSelection"] = Str(raw["killSelection"]) ?? "YOUNGEST_FIRST";
        app["requirePorts"] = Bool(raw["requirePorts"]) ?? false;
        app["labels"] = Clone(raw["labels"]) ?? new JsonObject();
        app["env"] = Clone(raw["env"]) ?? new JsonObject();
        app["secrets"] = Clone(raw["secrets"]) ?? new JsonObject();
        app["networks"] = bridge
            ? new JsonArray(new JsonObject { ["mode"] = "container/bridge" })
            : Clone(raw["networks"]) ?? new JsonArray(new JsonObject { ["mode"] = "host" });
        var hostMode = NetworkMode(app) == "host";
        app["portDefinitions"] = hostMode
            ? NormalizePortDefinitions(raw, Arr(previous?["portDefinitions"]), app["requirePorts"]!.GetValue<bool>(), nextServicePort)
            : new JsonArray();
        CopyIfPresent(raw, app, "taskKillGracePeriodSeconds", "acceptedResourceRoles", "role", "tty", "ipAddress", "residency");
        return app;
    }

    public static string NetworkMode(JsonObject app) =>
        Str(Obj(Arr(app["networks"])?.FirstOrDefault())?["mode"]) ?? "host";

    private static void CopyIfPresent(JsonObject from, JsonObject to, params string[] names)
    {
        foreach (var name in names)
            if (from.TryGetPropertyValue(name, out var value) && !IsNull(value)) to[name] = value!.DeepClone();
    }

    // Operators are upper-cased before lookup (Constraints.scala); values stay as given.
    private static JsonArray NormalizeConstraints(JsonNode? node) =>
        ArrayOf((Arr(node) ?? []).Select(c =>
        {
            var parts = (Arr(c) ?? []).Select(p => Str(p) ?? p?.ToJsonString() ?? "").ToList();
            if (parts.Count >= 2) parts[1] = parts[1].ToUpperInvariant();
            return (JsonNode?)Strings(parts);
        }));

    private static JsonArray NormalizeFetch(JsonObject raw)
    {
        if (Arr(raw["fetch"]) is { } fetch) return (JsonArray)fetch.DeepClone();
        return ArrayOf((Arr(raw["uris"]) ?? []).Select(u => (JsonNode?)new JsonObject
        {
            ["uri"] = Str(u), ["extract"] = true, ["executable"] = false, ["cache"] = false,
        }));
    }

    private static (JsonObject? Container, bool Bridge) NormalizeContainer(JsonObject? raw, JsonObject? previous, Func<int> nextServicePort)
    {
        if (raw is null) return (null, false);
        var container = (JsonObject)raw.DeepClone();
        var docker = Obj(container["docker"]);
        container["type"] = Str(container["type"]) ?? (docker is null ? "MESOS" : "DOCKER");
        container["volumes"] = Clone(raw["volumes"]) ?? new JsonArray();
        var bridge = false;
        if (docker is not null)
        {
            docker["forcePullImage"] = Bool(docker["forcePullImage"]) ?? false;
            docker["privileged"] = Bool(docker["privileged"]) ?? false;
            docker["parameters"] = Clone(docker["parameters"]) ?? new JsonArray();
            bridge = Str(docker["network"]) is "BRIDGE" or "USER";
            docker.Remove("network");
            // 1.5 networking format: portMappings live on the container, not under docker.
            if (docker["portMappings"] is JsonArray legacy)
            {
                docker.Remove("portMappings");
                container["portMappings"] ??= legacy;
            }
        }
        if (Arr(container["portMappings"]) is { } mappings)
        {
            var old = Arr(previous?["portMappings"]);
            for (var i = 0; i < mappings.Count; i++)
            {
                if (Obj(mappings[i]) is not { } mapping) continue;
                mapping["hostPort"] = Num(mapping["hostPort"]) is { } hp ? (int)hp : 0;
                mapping["protocol"] = Str(mapping["protocol"]) ?? "tcp";
                var servicePort = Num(mapping["servicePort"]) is { } sp ? (int)sp : 0;
                if (servicePort == 0) servicePort = PreviousPort(old, i, "servicePort") ?? nextServicePort();
                mapping["servicePort"] = servicePort;
            }
        }
        return (container, bridge);
    }

    private static JsonArray NormalizePortDefinitions(JsonObject raw, JsonArray? previous, bool requirePorts, Func<int> nextServicePort)
    {
        var definitions = Arr(raw["portDefinitions"]) is { } given
            ? given.Select(d => (JsonObject)(Obj(d) ?? []).DeepClone()).ToList()
            : Arr(raw["ports"]) is { } legacy
                ? legacy.Select(p => new JsonObject { ["port"] = Num(p) is { } v ? (int)v : 0 }).ToList()
                // An app that names no ports gets one, called "default" (raml/Apps.scala DefaultPortDefinitions).
                : [new JsonObject { ["port"] = 0, ["name"] = "default" }];
        for (var i = 0; i < definitions.Count; i++)
        {
            var definition = definitions[i];
            definition["protocol"] = Str(definition["protocol"]) ?? "tcp";
            var port = Num(definition["port"]) is { } p ? (int)p : 0;
            // Port 0 asks Marathon for a service port; keep the one it gave last time so an update is no change.
            if (port == 0 && !requirePorts) port = PreviousPort(previous, i, "port") ?? nextServicePort();
            definition["port"] = port;
        }
        return ArrayOf(definitions);
    }

    private static int? PreviousPort(JsonArray? previous, int index, string member) =>
        previous is not null && index < previous.Count && Num(Obj(previous[index])?[member]) is { } p && p != 0 ? (int)p : null;

    private static JsonObject NormalizeHealthCheck(JsonObject raw)
    {
        var check = (JsonObject)raw.DeepClone();
        var protocol = (Str(check["protocol"]) ?? "HTTP").ToUpperInvariant();
        check["protocol"] = protocol;
        if (protocol is "HTTP" or "HTTPS" or "MESOS_HTTP" or "MESOS_HTTPS") check["path"] = Str(check["path"]) ?? "/";
        if (protocol is "HTTP" or "HTTPS") check["ignoreHttp1xx"] = Bool(check["ignoreHttp1xx"]) ?? false;
        if (protocol != "COMMAND")
        {
            if (IsNull(check["port"])) check["portIndex"] = Num(check["portIndex"]) is { } pi ? (int)pi : 0;
            check["ipProtocol"] = Str(check["ipProtocol"]) ?? "IPv4";
        }
        check["gracePeriodSeconds"] = Num(check["gracePeriodSeconds"]) is { } g ? (int)g : 300;
        check["intervalSeconds"] = Num(check["intervalSeconds"]) is { } iv ? (int)iv : 60;
        check["timeoutSeconds"] = Num(check["timeoutSeconds"]) is { } t ? (int)t : 20;
        check["maxConsecutiveFailures"] = Num(check["maxConsecutiveFailures"]) is { } m ? (int)m : 3;
        check["delaySeconds"] = Num(check["delaySeconds"]) is { } d ? (int)d : 15;
        return check;
    }

    private static JsonObject NormalizeReadiness(JsonObject raw) => new()
    {
        ["name"] = Str(raw["name"]) ?? "readinessCheck",
        ["protocol"] = Str(raw["protocol"]) ?? "HTTP",
        ["path"] = Str(raw["path"]) ?? "/",
        ["portName"] = Str(raw["portName"]) ?? "http-api",
        ["intervalSeconds"] = Num(raw["intervalSeconds"]) is { } i ? (int)i : 30,
        ["timeoutSeconds"] = Num(raw["timeoutSeconds"]) is { } t ? (int)t : 10,
        ["httpStatusCodesForReady"] = Clone(raw["httpStatusCodesForReady"]) ?? new JsonArray(200),
        ["preserveLastResponse"] = Bool(raw["preserveLastResponse"]) ?? false,
    };
}

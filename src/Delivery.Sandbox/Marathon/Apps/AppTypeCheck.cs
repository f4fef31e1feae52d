using System.Text.Json;
using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Marathon.Apps;

/// <summary>
/// Marathon (Play JSON) rejects members of the wrong JSON type before validating anything: 422
/// <c>{"message":"Invalid JSON","details":[{"path":"/id","errors":["error.expected.jsstring"]}]}</c>
/// (fixture 13). This checks the members an app definition or update is made of.
/// </summary>
internal static class AppTypeCheck
{
    private enum Want { String, Number, Integer, Boolean, Object, Array, StringMap, EnvMap }

    private static readonly Dictionary<string, Want> TopLevel = new()
    {
        ["id"] = Want.String, ["cmd"] = Want.String, ["args"] = Want.Array, ["user"] = Want.String,
        ["instances"] = Want.Integer, ["cpus"] = Want.Number, ["mem"] = Want.Number, ["disk"] = Want.Number,
        ["gpus"] = Want.Integer, ["executor"] = Want.String, ["constraints"] = Want.Array, ["uris"] = Want.Array,
        ["fetch"] = Want.Array, ["storeUrls"] = Want.Array, ["ports"] = Want.Array, ["portDefinitions"] = Want.Array,
        ["requirePorts"] = Want.Boolean, ["backoffSeconds"] = Want.Number, ["backoffFactor"] = Want.Number,
        ["maxLaunchDelaySeconds"] = Want.Number, ["container"] = Want.Object, ["healthChecks"] = Want.Array,
        ["readinessChecks"] = Want.Array, ["dependencies"] = Want.Array, ["upgradeStrategy"] = Want.Object,
        ["labels"] = Want.StringMap, ["env"] = Want.EnvMap, ["acceptedResourceRoles"] = Want.Array,
        ["killSelection"] = Want.String, ["taskKillGracePeriodSeconds"] = Want.Integer, ["version"] = Want.String,
        ["networks"] = Want.Array, ["secrets"] = Want.Object, ["tty"] = Want.Boolean, ["role"] = Want.String,
        ["ipAddress"] = Want.Object,
    };

    private static readonly Dictionary<string, Want> HealthCheck = new()
    {
        ["protocol"] = Want.String, ["path"] = Want.String, ["portIndex"] = Want.Integer, ["port"] = Want.Integer,
        ["gracePeriodSeconds"] = Want.Integer, ["intervalSeconds"] = Want.Integer, ["timeoutSeconds"] = Want.Integer,
        ["maxConsecutiveFailures"] = Want.Integer, ["delaySeconds"] = Want.Integer, ["ignoreHttp1xx"] = Want.Boolean,
        ["command"] = Want.Object,
    };

    private static readonly Dictionary<string, Want> Strategy = new()
    {
        ["minimumHealthCapacity"] = Want.Number, ["maximumOverCapacity"] = Want.Number,
    };

    /// <summary>Returns (path, error) pairs; empty when every known member has the expected type.</summary>
    public static List<(string Path, string Error)> Check(JsonObject body)
    {
        var errors = new List<(string, string)>();
        CheckMembers(body, "", TopLevel, errors);
        if (body["healthChecks"] is JsonArray checks)
            for (var i = 0; i < checks.Count; i++)
            {
                if (checks[i] is JsonObject check) CheckMembers(check, $"/healthChecks({i})", HealthCheck, errors);
                else errors.Add(($"/healthChecks({i})", "error.expected.jsobject"));
            }
        if (body["upgradeStrategy"] is JsonObject strategy) CheckMembers(strategy, "/upgradeStrategy", Strategy, errors);
        return errors;
    }

    private static void CheckMembers(JsonObject obj, string prefix, Dictionary<string, Want> schema, List<(string, string)> errors)
    {
        foreach (var (name, value) in obj)
        {
            if (!schema.TryGetValue(name, out var want) || JsonKinds.IsNull(value)) continue;
            var error = Mismatch(want, value!);
            if (error is not null) errors.Add(($"{prefix}/{name}", error));
        }
    }

    private static string? Mismatch(Want want, JsonNode value)
    {
        var kind = value.GetValueKind();
        return want switch
        {
            Want.String when kind != JsonValueKind.String => "error.expected.jsstring",
            Want.Number when kind != JsonValueKind.Number => "error.expected.jsnumber",
            Want.Integer when kind != JsonValueKind.Number => "error.expected.jsnumber",
            Want.Integer when JsonKinds.Num(value) % 1 != 0 => "error.expected.int",
            Want.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False) => "error.expected.jsboolean",
            Want.Object or Want.StringMap or Want.EnvMap when kind != JsonValueKind.Object => "error.expected.jsobject",
            Want.Array when kind != JsonValueKind.Array => "error.expected.jsarray",
            Want.StringMap when value.AsObject().Any(p => JsonKinds.Kind(p.Value) != JsonValueKind.String) => "error.expected.jsstring",
            Want.EnvMap when value.AsObject().Any(p => JsonKinds.Kind(p.Value) is not (JsonValueKind.String or JsonValueKind.Object)) => "error.expected.jsstring",
            _ => null,
        };
    }
}

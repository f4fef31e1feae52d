using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>An API answer other than success, with Marathon's status and body (MarathonExceptionMapper).</summary>
public sealed class MarathonApiException(int status, JsonObject body) : Exception(body["message"]?.GetValue<string>())
{
    public int Status { get; } = status;
    public JsonObject Body { get; } = body;

    public static MarathonApiException WithMessage(int status, string message) => new(status, new JsonObject { ["message"] = message });

    public static MarathonApiException AppNotFound(string appId) => WithMessage(404, $"App '{appId}' does not exist");

    public static MarathonApiException Invalid(IEnumerable<(string Path, string Error)> errors, string message = "Object is not valid") =>
        new(422, new JsonObject
        {
            ["message"] = message,
            ["details"] = Apps.JsonKinds.ArrayOf(errors.GroupBy(e => e.Path).Select(g => (JsonNode?)new JsonObject
            {
                ["path"] = g.Key,
                ["errors"] = Apps.JsonKinds.Strings(g.Select(e => e.Error).Distinct()),
            })),
        });

    /// <summary>A constant message (with its literal placeholder), conflicting ids in deployments[].</summary>
    public static MarathonApiException Locked(IEnumerable<string> deploymentIds) => new(409, new JsonObject
    {
        ["message"] = "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.",
        ["deployments"] = Apps.JsonKinds.ArrayOf(deploymentIds.Select(id => (JsonNode?)new JsonObject { ["id"] = id })),
    });
}

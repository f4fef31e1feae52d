using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>Marathon definitions of the lobby for tests: fast health checks, spread over the zones.</summary>
public static class LobbyApps
{
    public static string NewId(string name) => $"/sandbox-tests/{name}-{Guid.NewGuid().ToString("n")[..8]}";

    public static JsonObject Definition(string id, string image, int instances = 3, string track = "stable", string release = "r1") => new()
    {
        ["id"] = id,
        ["instances"] = instances,
        ["cpus"] = 0.1,
        ["mem"] = 128,
        ["container"] = new JsonObject { ["type"] = "DOCKER", ["docker"] = new JsonObject { ["image"] = image } },
        ["portDefinitions"] = new JsonArray(new JsonObject { ["port"] = 0, ["name"] = "http" }),
        ["labels"] = new JsonObject { ["service"] = $"lobby-{id.Split('-')[^1]}", ["track"] = track, ["release"] = release },
        ["constraints"] = new JsonArray(new JsonArray("@zone", "GROUP_BY", "3")),
        ["healthChecks"] = new JsonArray(new JsonObject
        {
            ["protocol"] = "HTTP",
            ["path"] = "/health",
            ["portIndex"] = 0,
            ["gracePeriodSeconds"] = 15,
            ["intervalSeconds"] = 1,
            ["timeoutSeconds"] = 1,
            ["maxConsecutiveFailures"] = 2,
        }),
        ["upgradeStrategy"] = new JsonObject { ["minimumHealthCapacity"] = 1, ["maximumOverCapacity"] = 0.34 },
        ["taskKillGracePeriodSeconds"] = 2,
        ["backoffSeconds"] = 1,
        ["maxLaunchDelaySeconds"] = 5,
    };
}

namespace Delivery.Core.Pipelines;

/// <summary>
/// Every key the loaders accept, per section. The binders check files against these lists and a test checks that
/// <c>pipelines/schema/*.schema.json</c> declares each of them, so the editor's completion and the loader agree.
/// Section paths: <c>""</c> is the top level, <c>a.b</c> a nested mapping, <c>a[]</c> the items of a list.
/// </summary>
public static class PipelineKeys
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Pipeline { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = ["name", "source", "image", "marathon", "zones", "instances", "canary", "analysis", "hooks"],
        ["image"] = ["repository", "context", "dockerfile", "buildArgs", "target", "prepare"],
        ["marathon"] = ["template"],
        ["canary"] = ["instancesPerZone", "steps", "health", "promotionDeadline", "rollbackDeadline",
                      "minimumHealthyCapacity", "onZoneFailure", "limits"],
        ["canary.steps[]"] = ["place", "wait", "grow", "pause", "promote"],
        ["canary.steps[].pause"] = ["reason", "timeout", "onTimeout"],
        ["canary.health"] = ["healthyDeadline", "crashLoopRestarts", "crashLoopWindow", "maxConsecutiveHealthFailures"],
        ["canary.limits"] = ["maxConsecutiveErrors", "maxInconclusive"],
        ["analysis"] = ["interval", "warmup", "maxDuration", "minimumRequests", "confidence", "onErrors", "onInconclusive", "checks"],
        ["analysis.checks[]"] = ["name", "errors", "latency", "query", "threshold", "comparison", "limit", "maxRatio", "maxIncrease"],
        ["analysis.checks[].errors"] = ["requests", "failed"],
        ["analysis.checks[].latency"] = ["buckets", "quantile"],
        ["hooks[]"] = HookKeys,
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Environment { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = ["name", "sandbox", "marathon", "ecr", "prometheus", "zones", "hooks", "notifications", "metrics"],
        ["marathon"] = ["url", "usernameVariable", "passwordVariable"],
        ["ecr"] = ["account", "region", "endpoint", "profile"],
        ["hooks[]"] = HookKeys,
        ["notifications[]"] = ["kind", "urlVariable", "events"],
        ["metrics"] = ["pushgateway"],
    };

    private static IReadOnlyList<string> HookKeys => ["name", "on", "command", "url", "timeout"];
}

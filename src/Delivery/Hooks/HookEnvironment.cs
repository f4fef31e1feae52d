using System.Globalization;

namespace Delivery.Hooks;

/// <summary>
/// The <c>DELIVERY_*</c> variables a command hook receives on top of the engine's own environment. They repeat the
/// payload in flat form because most hooks are shell scripts, for which <c>$DELIVERY_CANARY_TASKS</c> is easier than jq.
/// </summary>
internal static class HookEnvironment
{
    public static IReadOnlyDictionary<string, string> For(HookPayload payload) => new Dictionary<string, string>
    {
        ["DELIVERY_PIPELINE"] = payload.Pipeline,
        ["DELIVERY_ENVIRONMENT"] = payload.Environment,
        ["DELIVERY_RUN_ID"] = payload.RunId,
        ["DELIVERY_PHASE"] = payload.Phase,
        ["DELIVERY_TRACK"] = payload.Track,
        ["DELIVERY_RELEASE"] = payload.Release.Commit,
        ["DELIVERY_IMAGE"] = payload.Release.Image,
        ["DELIVERY_ZONES"] = string.Join(',', payload.Zones),
        ["DELIVERY_CANARY_APP"] = payload.CanaryApp,
        ["DELIVERY_STABLE_APP"] = payload.StableApp,
        ["DELIVERY_CANARY_TASKS"] = string.Join(' ', payload.CanaryTasks.Select(Address)),
        ["DELIVERY_HOOK_PAYLOAD"] = payload.ToJson(),
    };

    /// <summary>
    /// <c>zone=host:port</c> with the first port only: that is the service port by Marathon's convention (portDefinitions[0]),
    /// which is what a smoke test calls. A task without ports is given as <c>zone=host</c>.
    /// </summary>
    private static string Address(HookTask task) => task.Ports.Count == 0
        ? $"{task.Zone}={task.Host}"
        : $"{task.Zone}={task.Host}:{task.Ports[0].ToString(CultureInfo.InvariantCulture)}";
}

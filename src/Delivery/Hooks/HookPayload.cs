using System.Text.Json;
using System.Text.Json.Serialization;

namespace Delivery.Hooks;

/// <summary>
/// What a hook is told about the run: the HTTP body of a URL hook and, for a command, the environment variable
/// <c>DELIVERY_HOOK_PAYLOAD</c> (the flat <c>DELIVERY_*</c> variables of <see cref="HookEnvironment"/> carry the same
/// facts for scripts that would rather not parse JSON). The shape follows Flagger's webhook payload, extended with
/// what a Marathon canary needs: the two apps and where the canary tasks listen, so a smoke test can call them directly.
/// </summary>
/// <param name="Phase">The phase name as written in pipelines, e.g. <c>pre-rollout</c> (<see cref="Delivery.Core.Hooks.HookSpec.PhaseName"/>).</param>
/// <param name="Track">Which side the hook is pointed at, e.g. <c>canary</c>.</param>
/// <param name="StableRelease">The release being replaced; null on a first release.</param>
/// <param name="Event">
/// Only for a during-analysis URL hook, which is called twice: <c>start</c> when the analysis starts and <c>stop</c>
/// when it ends. Left out of the JSON when null, so other hooks see no member that means nothing to them.
/// </param>
public sealed record HookPayload(
    string Pipeline,
    string Environment,
    string RunId,
    string Phase,
    string Track,
    HookRelease Release,
    HookRelease? StableRelease,
    IReadOnlyList<string> Zones,
    string CanaryApp,
    string StableApp,
    IReadOnlyList<HookTask> CanaryTasks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Event = null)
{
    // Web defaults (camelCase, case-insensitive reading) are what HTTP receivers written in any language expect.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>A release as a hook needs it: the commit it was built from and the image (by digest) that runs it.</summary>
public sealed record HookRelease(string Commit, string Image);

/// <summary>One running canary task: its zone, the agent host and the host ports Marathon mapped for it.</summary>
public sealed record HookTask(string Zone, string Host, IReadOnlyList<int> Ports);

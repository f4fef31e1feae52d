using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Events;
using Delivery.Sandbox.Marathon.Faults;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;
using static Delivery.Sandbox.Marathon.Apps.JsonKinds;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>Fault injection under /_sandbox/ (not Marathon's API; documented in Marathon/README.md).</summary>
public static class SandboxApi
{
    /// <summary>
    /// POST /_sandbox/zones/{zone}/fail: the zone's agents stop answering. Their tasks keep running as far as Marathon
    /// knows while their health checks time out; after the agent timeout they are TASK_UNREACHABLE and the app's
    /// unreachableStrategy replaces them elsewhere (see <see cref="AgentLoss"/>).
    /// </summary>
    public static async Task FailZoneAsync(HttpContext context)
    {
        var zone = context.Request.RouteValues["zone"] as string ?? "";
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        int tasks;
        lock (state.Gate)
        {
            var agents = ZoneAgents(state, zone);
            foreach (var agent in agents.Where(a => a.Reachable))
            {
                agent.Reachable = false;
                agent.UnreachableSince = state.Time.Now;
            }
            tasks = state.Tasks.Values.Count(t => agents.Contains(t.Agent));
        }
        context.RequestServices.GetRequiredService<MarathonScheduler>().Poke();
        await WriteJson(context, 200, new JsonObject
        {
            ["zone"] = zone, ["reachable"] = false, ["tasks"] = tasks, ["unreachableAfterSeconds"] = state.Options.AgentTimeout.TotalSeconds,
        });
    }

    /// <summary>POST /_sandbox/zones/{zone}/restore: the agents answer again; tasks not yet expunged report running.</summary>
    public static async Task RestoreZoneAsync(HttpContext context)
    {
        var zone = context.Request.RouteValues["zone"] as string ?? "";
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        lock (state.Gate)
            foreach (var agent in ZoneAgents(state, zone))
            {
                agent.Reachable = true;
                agent.UnreachableSince = null;
            }
        context.RequestServices.GetRequiredService<MarathonScheduler>().Poke();
        await WriteJson(context, 200, new JsonObject { ["zone"] = zone, ["reachable"] = true });
    }

    private static List<Agent> ZoneAgents(MarathonState state, string zone)
    {
        var agents = state.Agents.Where(a => a.Zone == zone).ToList();
        return agents.Count > 0 ? agents : throw MarathonApiException.WithMessage(404, $"Zone '{zone}' does not exist");
    }

    /// <summary>POST /_sandbox/tasks/{taskId}/crash: the task ends on its own (TASK_FAILED), as a crashing container would.</summary>
    public static async Task CrashTaskAsync(HttpContext context)
    {
        var taskId = context.Request.RouteValues["taskId"] as string ?? "";
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var scheduler = context.RequestServices.GetRequiredService<MarathonScheduler>();
        lock (state.Gate)
            if (!state.Tasks.ContainsKey(taskId)) throw MarathonApiException.WithMessage(404, $"Task '{taskId}' does not exist");
        scheduler.ReportExit(new Runtime.TaskExit(taskId, TaskStates.Failed, 137, "Killed by the sandbox fault injector"));
        await scheduler.Runtime.KillAsync(taskId, context.RequestAborted);
        await WriteJson(context, 200, new JsonObject { ["taskId"] = taskId, ["state"] = TaskStates.Failed });
    }

    /// <summary>Longest random delay a rule may draw: long enough for any client timeout, short enough to end a test.</summary>
    private const double MaxDelayLimitMs = 60_000;

    /// <summary>
    /// POST /_sandbox/api-faults {"kind":"status|delay|drop|lose-answer","fraction":0.1,"count":20,"durationSeconds":60,
    /// "delayMs":1000,"maxDelayMs":3000,...}.
    /// </summary>
    public static async Task AddApiFaultAsync(HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var kind = Str(body["kind"]) ?? "";
        var count = Num(body["count"]);
        var duration = Num(body["durationSeconds"]);
        var delayMs = Num(body["delayMs"]) ?? 2000;
        var maxDelayMs = Num(body["maxDelayMs"]);
        var errors = new List<(string, string)>();
        if (!ApiFaultKinds.All.Contains(kind)) errors.Add(("/kind", $"must be one of {string.Join(", ", ApiFaultKinds.All)}"));
        if (count is null && duration is null) errors.Add(("/", "a fault must be bounded: give count or durationSeconds"));
        if (Num(body["fraction"]) is { } f && f is <= 0 or > 1) errors.Add(("/fraction", "expected a fraction in (0, 1]"));
        if (delayMs < 0) errors.Add(("/delayMs", "must not be negative"));
        if (maxDelayMs is { } max && (max < delayMs || max > MaxDelayLimitMs))
            errors.Add(("/maxDelayMs", $"expected a number of milliseconds in [delayMs ({delayMs}), {MaxDelayLimitMs}]"));
        if (errors.Count > 0) throw MarathonApiException.Invalid(errors);
        var rule = context.RequestServices.GetRequiredService<ApiFaults>().Add(new ApiFaultRule
        {
            Id = Guid.NewGuid().ToString("N")[..8],
            Kind = kind,
            Fraction = Num(body["fraction"]) ?? 1,
            Status = (int)(Num(body["status"]) ?? 503),
            Delay = TimeSpan.FromMilliseconds(delayMs),
            MaxDelay = maxDelayMs is { } m ? TimeSpan.FromMilliseconds(m) : null,
            MaxHits = count is { } c ? (int)c : null,
            Until = duration is { } d ? state.Time.Provider.GetUtcNow().AddSeconds(d) : null,
            PathPrefix = Str(body["pathPrefix"]),
            Methods = Arr(body["methods"])?.Select(m => Str(m) ?? "").ToList(),
        });
        await WriteJson(context, 201, Describe(rule));
    }

    public static Task ListApiFaultsAsync(HttpContext context)
    {
        var faults = context.RequestServices.GetRequiredService<ApiFaults>();
        return WriteJson(context, 200, new JsonObject
        {
            ["faults"] = ArrayOf(faults.Rules.Select(r => (JsonNode?)Describe(r))),
            ["held"] = faults.Held,
        });
    }

    public static Task ClearApiFaultsAsync(HttpContext context) =>
        WriteJson(context, 200, new JsonObject { ["cleared"] = context.RequestServices.GetRequiredService<ApiFaults>().Clear() });

    /// <summary>POST /_sandbox/events/cut: closes every open /v2/events stream.</summary>
    public static Task CutEventsAsync(HttpContext context) =>
        WriteJson(context, 200, new JsonObject { ["streamsClosed"] = context.RequestServices.GetRequiredService<EventBus>().CutAll() });

    private static JsonObject Describe(ApiFaultRule r) => new()
    {
        ["id"] = r.Id, ["kind"] = r.Kind, ["fraction"] = r.Fraction, ["status"] = r.Status, ["delayMs"] = r.Delay.TotalMilliseconds,
        ["maxDelayMs"] = r.MaxDelay?.TotalMilliseconds, ["count"] = r.MaxHits, ["until"] = r.Until is { } u ? MarathonTime.Format(u) : null,
        ["hits"] = r.Hits, ["pathPrefix"] = r.PathPrefix, ["methods"] = r.Methods is { } ms ? Strings(ms) : null,
    };
}

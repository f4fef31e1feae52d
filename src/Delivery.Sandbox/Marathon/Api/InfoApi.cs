using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Health;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>/v2/info, /v2/leader, /ping, /v2/queue.</summary>
public static class InfoApi
{
    public const string MarathonVersion = "1.10.17";

    public static async Task InfoAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var options = context.RequestServices.GetRequiredService<MarathonEmulatorOptions>();
        var leader = LeaderAddress(context, options);
        await WriteJson(context, 200, new JsonObject
        {
            ["name"] = "marathon",
            ["version"] = MarathonVersion,
            ["buildref"] = "delivery-sandbox",
            ["elected"] = true,
            ["leader"] = leader,
            ["frameworkId"] = state.FrameworkId,
            ["marathon_config"] = new JsonObject
            {
                ["hostname"] = leader.Split(':')[0],
                ["framework_name"] = "marathon",
                ["local_port_min"] = Apps.AppNormalizer.ServicePortMin,
                ["local_port_max"] = 20000,
                ["env_vars_prefix"] = null,
                ["webui_url"] = $"http://{leader}",
                ["features"] = new JsonArray(),
                ["mesos_role"] = "*",
            },
            ["zookeeper_config"] = new JsonObject { ["zk_max_versions"] = options.MaxVersionsPerApp },
            ["http_config"] = new JsonObject { ["http_port"] = context.Connection.LocalPort },
        });
    }

    /// <summary>GET /_sandbox/marathon/cluster: the task runtime and the agents (Marathon's own documents carry only
    /// Marathon's members, so a strict client parses them).</summary>
    public static async Task ClusterAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var runtime = context.RequestServices.GetRequiredService<MarathonScheduler>().Runtime;
        await WriteJson(context, 200, new JsonObject
        {
            ["runtime"] = runtime.Name,
            ["agents"] = Apps.JsonKinds.ArrayOf(state.Agents.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.Id, ["hostname"] = a.Hostname, ["region"] = a.Region, ["zone"] = a.Zone, ["reachable"] = a.Reachable,
                ["ports"] = $"[{a.Options.PortBegin}-{a.Options.PortEnd}]",
            })),
        });
    }

    public static Task LeaderAsync(HttpContext context) =>
        WriteJson(context, 200, new JsonObject
        {
            ["leader"] = LeaderAddress(context, context.RequestServices.GetRequiredService<MarathonEmulatorOptions>()),
        });

    public static async Task PingAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("pong\n", context.RequestAborted);
    }

    /// <summary>
    /// Instances waiting to be placed, with their back-off delay and why each agent's offer did not fit
    /// (processedOffersSummary / lastUnusedOffers, reasons named as Marathon's NoOfferMatchReason).
    /// </summary>
    public static async Task QueueAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var queue = new JsonArray();
        lock (state.Gate)
        {
            var now = state.Time.Now;
            foreach (var app in state.Apps.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
            {
                if (app.Queue is not { } q) continue;
                // Whole seconds, truncated; overdue only once a whole second past (core/launchqueue/LaunchStats.scala queueDelay).
                var backedOff = app.DelayUntil != DateTimeOffset.MinValue;
                var left = backedOff ? (long)(app.DelayUntil - now).TotalSeconds : 0;
                queue.Add(new JsonObject
                {
                    ["count"] = q.Count,
                    ["delay"] = new JsonObject { ["timeLeftSeconds"] = Math.Max(0, left), ["overdue"] = !backedOff || left < 0 },
                    ["since"] = MarathonTime.Format(q.Since),
                    ["processedOffersSummary"] = Summary(q),
                    ["lastUnusedOffers"] = Apps.JsonKinds.ArrayOf(q.Rejections.Select(r => (JsonNode?)new JsonObject
                    {
                        ["offer"] = new JsonObject { ["id"] = $"{r.Agent.Id}-offer", ["agentId"] = r.Agent.Id, ["hostname"] = r.Agent.Hostname },
                        ["timestamp"] = MarathonTime.Format(q.LastAttempt),
                        ["reason"] = Apps.JsonKinds.Strings(r.Reasons),
                    })),
                    ["app"] = app.Definition.DeepClone(),
                });
            }
        }
        await WriteJson(context, 200, new JsonObject { ["queue"] = queue });
    }

    /// <summary>DELETE /v2/queue/{appId}/delay: resets the app's launch back-off; 404 unless it has instances waiting
    /// (api/v2/QueueResource.scala resetDelay).</summary>
    public static async Task ResetDelayAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var path = (string)context.Request.RouteValues["path"]!;
        if (!path.EndsWith("/delay", StringComparison.Ordinal)) throw MarathonApiException.WithMessage(500, "URI not found");
        var appId = Apps.AppCommands.AbsoluteId(path[..^"/delay".Length]);
        lock (state.Gate)
        {
            if (!state.Apps.TryGetValue(appId, out var app) || app.Queue is null)
                throw MarathonApiException.WithMessage(404, $"Application {appId} not found in tasks queue.");
            Backoff.Reset(app);
        }
        context.RequestServices.GetRequiredService<MarathonScheduler>().Poke();
        context.Response.StatusCode = 204;
        await Task.CompletedTask;
    }

    private static JsonObject Summary(QueueInfo q)
    {
        var reasons = q.Rejections.SelectMany(r => r.Reasons).GroupBy(r => r).ToList();
        return new JsonObject
        {
            ["processedOffersCount"] = q.Rejections.Count,
            ["unusedOffersCount"] = q.Rejections.Count,
            ["lastUnusedOfferAt"] = q.Rejections.Count > 0 ? MarathonTime.Format(q.LastAttempt) : null,
            ["rejectSummaryLastOffers"] = Apps.JsonKinds.ArrayOf(reasons.Select(g => (JsonNode?)new JsonObject
            {
                ["reason"] = g.Key, ["declined"] = g.Count(), ["processed"] = q.Rejections.Count,
            })),
        };
    }
}

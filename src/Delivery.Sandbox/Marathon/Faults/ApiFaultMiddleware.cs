using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Delivery.Sandbox.Marathon.Faults;

/// <summary>Applies <see cref="ApiFaults"/> to Marathon's own routes (/v2, /ping); /_sandbox stays reliable.</summary>
public static class ApiFaultMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/v2", StringComparison.Ordinal) || path == "/ping")
        {
            var faults = context.RequestServices.GetService(typeof(ApiFaults)) as ApiFaults;
            if (faults?.Pick(context.Request.Method, path) is { } rule)
            {
                switch (rule.Kind)
                {
                    case ApiFaultKinds.Drop:
                        context.Abort();
                        return;
                    case ApiFaultKinds.Status:
                        context.Response.StatusCode = rule.Status;
                        context.Response.ContentType = "application/json";
                        await context.Response.WriteAsync(new JsonObject
                        {
                            ["message"] = $"Injected fault {rule.Id}: the sandbox answered {rule.Status} on purpose",
                        }.ToJsonString(), context.RequestAborted);
                        return;
                    case ApiFaultKinds.Delay:
                        await faults.HoldAsync(rule, context.RequestAborted);
                        break;
                    case ApiFaultKinds.LoseAnswer:
                        await LostAnswer.RunAsync(context, next);
                        return;
                }
            }
        }
        await next();
    }
}

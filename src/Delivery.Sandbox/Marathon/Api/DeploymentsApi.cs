using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon.Deployments;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Delivery.Sandbox.Marathon.Api.ApiSupport;

namespace Delivery.Sandbox.Marathon.Api;

/// <summary>/v2/deployments.</summary>
public static class DeploymentsApi
{
    public static async Task ListAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        JsonArray list;
        lock (state.Gate) list = Apps.JsonKinds.ArrayOf(state.Deployments.Select(d => (JsonNode?)Render.Deployment(state, d)));
        await WriteJson(context, 200, list);
    }

    /// <summary>
    /// Without force: cancel and submit the revert plan as a forced deployment (200 + its id).
    /// With force=true: cancel only, 202 with an empty body.
    /// </summary>
    public static async Task DeleteAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<MarathonState>();
        var id = context.Request.RouteValues["id"] as string ?? "";
        var force = Flag(context, "force", false);
        Deployment? revert = null;
        lock (state.Gate)
        {
            var deployment = state.Deployments.FirstOrDefault(d => d.Id == id)
                ?? throw MarathonApiException.WithMessage(404, $"DeploymentPlan {id} does not exist");
            if (force) DeploymentManager.Cancel(state, id, "cancelled by request");
            else
            {
                var version = state.Time.NextVersion();
                var changes = DeploymentManager.RevertOf(state, deployment, version);
                revert = DeploymentManager.Submit(state, changes, force: true, version).Deployment;
            }
        }
        context.RequestServices.GetRequiredService<MarathonScheduler>().Poke();
        if (revert is null)
        {
            context.Response.StatusCode = 202;
            return;
        }
        await WriteJson(context, 200, Render.DeploymentResult(revert.Id, revert.Version), revert.Id);
    }
}

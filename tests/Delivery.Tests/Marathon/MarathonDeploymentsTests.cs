using System.Net;
using System.Text.Json.Nodes;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

public class MarathonDeploymentsTests
{
    [Fact]
    public async Task ListDeployments_Fixture08_ReadsStepsAndCurrentActions()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("GET /v2/deployments", HttpStatusCode.OK, "08-deployments-response.json");

        var deployment = Assert.Single(await h.Run(c => c.ListDeploymentsAsync()));

        Assert.Equal("97c136bf-5a28-4821-9d94-480d9fbb01c8", deployment.Id);
        Assert.Equal(["/foo"], deployment.AffectedApps);
        Assert.Equal((1, 1), (deployment.CurrentStep, deployment.TotalSteps));
        Assert.Equal("ScaleApplication", deployment.Steps[0].Actions[0].Action);
        Assert.Equal("/bla", deployment.Steps[1].Actions[0].Pod);
        Assert.False(Assert.Single(deployment.CurrentActions[0].ReadinessCheckResults!).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task DeleteDeployment_Force_Returns202WithoutResult()
    {
        var h = new ClientHarness();
        h.Stub.On("DELETE /v2/deployments/97c136bf-5a28-4821-9d94-480d9fbb01c8", HttpStatusCode.Accepted);

        Assert.Null(await h.Run(c => c.DeleteDeploymentAsync("97c136bf-5a28-4821-9d94-480d9fbb01c8", force: true)));
        Assert.Equal("?force=true", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task DeleteDeployment_Revert_ReturnsTheRevertingDeployment()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("DELETE /v2/deployments/97c136bf-5a28-4821-9d94-480d9fbb01c8", HttpStatusCode.OK, "09-deployment-result.json");

        var result = await h.Run(c => c.DeleteDeploymentAsync("97c136bf-5a28-4821-9d94-480d9fbb01c8"));

        Assert.Equal(new MarathonDeploymentResult("5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", "2015-09-29T15:59:51.164Z"), result);
    }

    [Fact]
    public async Task KillTasks_WithoutScale_ReturnsKilledTasks()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("POST /v2/tasks/delete", HttpStatusCode.OK, "07-tasks-response.json");
        var ids = new[] { "frontend-foosball.083be411-5d1f-11e5-88f7-56b91e7a505b" };

        var result = await h.Run(c => c.KillTasksAsync(ids));

        Assert.Null(result.Deployment);
        Assert.Contains(result.Killed, t => t.AppId == "/frontend-foosball" && t.ServicePorts![0] == 10019);
        Assert.Equal("{\"ids\":[\"frontend-foosball.083be411-5d1f-11e5-88f7-56b91e7a505b\"]}", h.Stub.Requests[0].Body);
        Assert.Equal("?scale=false", h.Stub.Requests[0].Uri.Query);
    }

    [Fact]
    public async Task KillTasks_WithScale_ReturnsTheDeployment()
    {
        var h = new ClientHarness();
        h.Stub.OnFixture("POST /v2/tasks/delete", HttpStatusCode.OK, "09-deployment-result.json");

        var result = await h.Run(c => c.KillTasksAsync(["a.1"], scale: true));

        Assert.Equal("5ed4c0c5-9ff8-4a6f-a0cd-f57f59a34b43", result.Deployment!.DeploymentId);
    }

    [Fact]
    public void Task_Fixture06_ReadsZoneRegionAndMissingStart()
    {
        var tasks = MarathonJson.Deserialize<JsonObject>(Fixtures.Read("06-app-tasks-response.json"))["tasks"]!.ToJsonString();

        var task = Assert.Single(MarathonJson.Deserialize<List<MarathonTask>>(tasks));

        Assert.Equal(("a", "primary", "TASK_STAGING"), (task.Zone, task.Region, task.State));
        Assert.False(task.IsRunning);
        Assert.False(task.IsHealthy);
        Assert.Equal("*", task.Extra!["role"].GetString());
    }
}

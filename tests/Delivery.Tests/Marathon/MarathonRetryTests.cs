using System.Net;
using Delivery.Marathon;

namespace Delivery.Tests.Marathon;

public class MarathonRetryTests
{
    private const string Unavailable = "{\"message\":\"Timeout talking to storage\"}";

    [Fact]
    public async Task GetApp_TwoServerErrors_RetriesWithBackOffThenSucceeds()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps/toggle", HttpStatusCode.ServiceUnavailable, Unavailable)
            .On("GET /v2/apps/toggle", HttpStatusCode.BadGateway, "")
            .OnFixture("GET /v2/apps/toggle", HttpStatusCode.OK, "04-app-get-response-with-health.json");

        var app = await h.Run(c => c.GetAppAsync("/toggle"));

        Assert.Equal("/toggle", app!.Id);
        Assert.Equal(3, h.Stub.Requests.Count);
        Assert.True(h.Elapsed >= TimeSpan.FromSeconds(1.5), $"waited {h.Elapsed}: 0.5 s then 1 s expected");
    }

    [Fact]
    public async Task ListDeployments_RefusedConnection_Retried()
    {
        var h = new ClientHarness();
        h.Stub.Refuse("GET /v2/deployments").On("GET /v2/deployments", HttpStatusCode.OK, "[]");

        Assert.Empty(await h.Run(c => c.ListDeploymentsAsync()));
        Assert.Equal(2, h.Stub.Requests.Count);
    }

    [Fact]
    public async Task GetApp_ServerErrorsPersist_GivesUpKeepingStatusAndBody()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps/games/lobby", HttpStatusCode.ServiceUnavailable, Unavailable);

        var error = await Assert.ThrowsAsync<MarathonServerException>(() => h.Run(c => c.GetAppAsync("/games/lobby")));

        Assert.Equal(4, h.Stub.Requests.Count);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(Unavailable, error.Body);
        Assert.Equal("Tried to get app /games/lobby but failed because Marathon answered 503: Timeout talking to storage", error.Message);
    }

    [Fact]
    public async Task PutApp_ServerError_RetriedBecausePutIsIdempotent()
    {
        var h = new ClientHarness();
        h.Stub.On("PUT /v2/apps/games/lobby", HttpStatusCode.ServiceUnavailable, Unavailable)
            .OnFixture("PUT /v2/apps/games/lobby", HttpStatusCode.OK, "09-deployment-result.json");

        await h.Run(c => c.PutAppAsync(new MarathonApp { Id = "/games/lobby", Instances = 6 }));

        Assert.Equal(2, h.Stub.Requests.Count);
        Assert.Equal(h.Stub.Requests[0].Body, h.Stub.Requests[1].Body);
    }

    [Fact]
    public async Task CreateApp_ServerError_NotRetried()
    {
        var h = new ClientHarness();
        h.Stub.On("POST /v2/apps", HttpStatusCode.ServiceUnavailable, Unavailable);

        await Assert.ThrowsAsync<MarathonServerException>(() => h.Run(c => c.CreateAppAsync(new MarathonApp { Id = "/games/lobby" })));

        Assert.Single(h.Stub.Requests);
    }

    [Fact]
    public async Task Rollback_RefusedConnection_NotRetriedAndSaysUnreachable()
    {
        var h = new ClientHarness();
        h.Stub.Refuse("PUT /v2/apps/games/lobby");

        var error = await Assert.ThrowsAsync<MarathonException>(() => h.Run(c => c.RollbackAppAsync("/games/lobby", "2014-03-01T23:17:50.295Z")));

        Assert.Single(h.Stub.Requests);
        Assert.Null(error.StatusCode);
        Assert.Equal("Tried to roll back app /games/lobby to version 2014-03-01T23:17:50.295Z but failed because Marathon at http://127.0.0.1:18080/ could not be reached: Connection refused (127.0.0.1:18080)", error.Message);
    }

    [Fact]
    public async Task KillTasks_ServerError_NotRetried()
    {
        var h = new ClientHarness();
        h.Stub.On("POST /v2/tasks/delete", HttpStatusCode.InternalServerError, "{\"message\":\"boom\"}");

        await Assert.ThrowsAsync<MarathonServerException>(() => h.Run(c => c.KillTasksAsync(["a.1"])));

        Assert.Single(h.Stub.Requests);
    }

    [Fact]
    public async Task DeleteDeployment_RevertNotRetried_ForceRetried()
    {
        var h = new ClientHarness();
        h.Stub.On("DELETE /v2/deployments/d1", HttpStatusCode.ServiceUnavailable, Unavailable);

        await Assert.ThrowsAsync<MarathonServerException>(() => h.Run(c => c.DeleteDeploymentAsync("d1")));
        Assert.Single(h.Stub.Requests);

        await Assert.ThrowsAsync<MarathonServerException>(() => h.Run(c => c.DeleteDeploymentAsync("d1", force: true)));
        Assert.Equal(5, h.Stub.Requests.Count);
    }

    [Fact]
    public async Task GetApp_ClientError_NotRetried()
    {
        var h = new ClientHarness();
        h.Stub.On("GET /v2/apps/games/lobby", HttpStatusCode.Forbidden, "{\"message\":\"Not Authorized to perform this action!\"}");

        await Assert.ThrowsAsync<MarathonAuthorizationException>(() => h.Run(c => c.GetAppAsync("/games/lobby")));

        Assert.Single(h.Stub.Requests);
    }
}

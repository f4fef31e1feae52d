using System.Net;
using System.Text;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Players;

namespace Delivery.Sandbox.Tests.Infrastructure.Host;

public sealed class ServiceTargetsTests
{
    // Two apps of one service, as GET /v2/apps?label=service==lobby&embed=apps.tasks answers (Marathon's shape, trimmed).
    private const string Apps = """
        {"apps": [
          {"id": "/games/lobby", "labels": {"service": "lobby"}, "healthChecks": [{"protocol": "HTTP"}], "tasks": [
            {"id": "t1", "host": "127.0.1.1", "ports": [31001], "state": "TASK_RUNNING", "healthCheckResults": [{"alive": true}]},
            {"id": "t2", "host": "127.0.1.3", "ports": [31201], "state": "TASK_RUNNING", "healthCheckResults": [{"alive": false}]},
            {"id": "t3", "host": "127.0.1.5", "ports": [31401], "state": "TASK_STAGING", "healthCheckResults": []}]},
          {"id": "/games/lobby-canary", "labels": {"service": "lobby", "track": "canary"}, "healthChecks": [{"protocol": "HTTP"}], "tasks": [
            {"id": "c1", "host": "127.0.1.2", "ports": [31002], "state": "TASK_RUNNING", "healthCheckResults": [{"alive": true}]},
            {"id": "c2", "host": "127.0.1.4", "ports": [31202], "state": "TASK_RUNNING", "healthCheckResults": []}]},
          {"id": "/games/lobby-unchecked", "labels": {"service": "lobby"}, "healthChecks": [], "tasks": [
            {"id": "u1", "host": "127.0.1.6", "ports": [31501], "state": "TASK_RUNNING", "healthCheckResults": []}]}
        ]}
        """;

    [Fact]
    public async Task DiscoverAsync_BothTracks_RunningTasksWhoseChecksAllPassOrThatHaveNoChecks()
    {
        var handler = new Answer(Apps);
        using var marathon = new HttpClient(handler) { BaseAddress = new Uri(SandboxPorts.Url(SandboxPorts.Marathon)) };

        var targets = await new ServiceTargets(marathon).DiscoverAsync("lobby", CancellationToken.None);

        Assert.Equal(["t1 stable http://127.0.1.1:31001/", "c1 canary http://127.0.1.2:31002/", "u1 stable http://127.0.1.6:31501/"],
            targets.Select(t => $"{t.TaskId} {t.Track} {t.BaseAddress}"));
        Assert.Equal("/v2/apps?label=service%3D%3Dlobby&embed=apps.tasks", handler.Asked!.PathAndQuery);
    }

    [Fact]
    public async Task DiscoverAsync_MarathonAnswersAnError_FailsWithTheStatusAndBody()
    {
        using var marathon = new HttpClient(new Answer("""{"message":"boom"}""", HttpStatusCode.ServiceUnavailable)) { BaseAddress = new Uri(SandboxPorts.Url(SandboxPorts.Marathon)) };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => new ServiceTargets(marathon).DiscoverAsync("lobby", CancellationToken.None));

        Assert.Contains("503", error.Message);
        Assert.Contains("boom", error.Message);
    }

    private sealed class Answer(string body, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public Uri? Asked { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}

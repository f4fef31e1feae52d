using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Marathon;

/// <summary>
/// lose-answer: the change is applied, the reply never arrives. On the test server an aborted request surfaces as
/// exactly <see cref="OperationCanceledException"/> with this message (aspnetcore's own TestHost
/// RequestLifetimeTests pin it); over a real socket it is an <see cref="HttpRequestException"/> around an
/// <see cref="IOException"/> (connection reset), which the last test pins.
/// </summary>
public sealed partial class FaultTests
{
    private const string TestServerAbort = "The application aborted the request.";

    [Fact]
    public async Task ApiFault_LoseAnswerOnCreate_AppExistsAndARetryConflicts()
    {
        await using var host = MarathonHost.Start();
        await LoseAnswersAsync(host, "POST", "/v2/apps", count: 1);

        var lost = await Assert.ThrowsAsync<OperationCanceledException>(() => host.Client.PostAsync("/v2/apps", Json(MarathonHost.App("/lost"))));
        Assert.Equal(TestServerAbort, lost.Message);

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/v2/apps/lost")).Response.StatusCode);
        var (retry, body) = await host.PostAsync("/v2/apps", MarathonHost.App("/lost"));
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("An app with id [/lost] already exists.", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiFault_LoseAnswerOnDelete_AppIsGoneAfterwards()
    {
        await using var host = MarathonHost.Start();
        await host.CreateAppAsync(MarathonHost.App("/gone", 2));
        await host.ReconcileAsync();
        await LoseAnswersAsync(host, "DELETE", "/v2/apps/gone", count: 1);

        var lost = await Assert.ThrowsAsync<OperationCanceledException>(() => host.Client.DeleteAsync("/v2/apps/gone"));
        Assert.Equal(TestServerAbort, lost.Message);

        await host.ReconcileAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/v2/apps/gone")).Response.StatusCode);
        Assert.Empty(host.Tasks("/gone"));
    }

    [Fact]
    public async Task ApiFault_LoseAnswerCountOne_OnlyTheFirstMatchingRequestIsLost()
    {
        await using var host = MarathonHost.Start();
        await LoseAnswersAsync(host, "POST", "/v2/apps", count: 1);

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/v2/apps")).Response.StatusCode); // GET does not match
        Assert.Equal(0, (await host.GetAsync("/_sandbox/marathon/api-faults")).Body!["faults"]![0]!["hits"]!.GetValue<int>());
        await Assert.ThrowsAsync<OperationCanceledException>(() => host.Client.PostAsync("/v2/apps", Json(MarathonHost.App("/first"))));
        var (listed, apps) = await host.GetAsync("/v2/apps");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("/first", Assert.Single(apps!["apps"]!.AsArray())!["id"]!.GetValue<string>());
        await host.CreateAppAsync(MarathonHost.App("/second"));
        Assert.Empty((await host.GetAsync("/_sandbox/marathon/api-faults")).Body!["faults"]!.AsArray());
    }

    [Fact]
    public async Task ApiFault_LoseAnswerOnEventStream_CutsTheConnectionInsteadOfHanging()
    {
        await using var host = MarathonHost.Start();
        await LoseAnswersAsync(host, "GET", "/v2/events", count: 1);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/events");
        request.Headers.Accept.ParseAdd("text/event-stream");

        var attach = host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        var lost = await Assert.ThrowsAsync<OperationCanceledException>(() => attach);
        Assert.Equal(TestServerAbort, lost.Message);
    }

    [Fact]
    public async Task ApiFault_LoseAnswerOverRealHttp_ClientSeesAConnectionResetNotAStatus()
    {
        await using var marathon = await RealHttpMarathon.StartAsync();
        var http = marathon.Client;
        var rule = new JsonObject { ["kind"] = "lose-answer", ["count"] = 1, ["methods"] = new JsonArray("POST"), ["pathPrefix"] = "/v2/apps" };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/_sandbox/marathon/api-faults", Json(rule))).StatusCode);

        var lost = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("/v2/apps", Json(MarathonHost.App("/real"))));
        Assert.IsAssignableFrom<IOException>(lost.InnerException);
        Assert.Null(lost.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/apps/real")).StatusCode);
    }

    private static async Task LoseAnswersAsync(MarathonHost host, string method, string pathPrefix, int count)
    {
        var (response, _) = await host.PostAsync("/_sandbox/marathon/api-faults", new JsonObject
        {
            ["kind"] = "lose-answer", ["count"] = count, ["methods"] = new JsonArray(method), ["pathPrefix"] = pathPrefix,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}

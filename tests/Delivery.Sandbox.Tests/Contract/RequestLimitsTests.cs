using System.Net;
using System.Text;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Tests.Marathon.Support;

namespace Delivery.Sandbox.Tests.Contract;

public sealed class RequestLimitsTests
{
    [Fact]
    public async Task Marathon_BodyOverTheBound_Answers413_NothingCreated()
    {
        await using var marathon = await RealHttpMarathon.StartAsync();
        var padding = new string(' ', (int)RequestLimits.MaxBodyBytes);
        using var content = new StringContent($$"""{"id":"big","cmd":"sleep 1"{{padding}}}""", Encoding.UTF8, "application/json");

        // Expect: 100-continue, so the refusal arrives before the client has sent the body (else the server may close first).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/apps") { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await marathon.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("""{"apps":[]}""", await marathon.Client.GetStringAsync("/v2/apps"));
    }
}

using System.Net;
using System.Text;

namespace Delivery.Tests.Marathon;

/// <summary>
/// An in-test Marathon: answers queued per "METHOD path" (path without query), records every request, and can
/// throw to play a refused connection. Unmatched requests get Marathon's own answer for unknown routes.
/// </summary>
internal sealed class MarathonStub : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<Func<HttpResponseMessage>>> _routes = new(StringComparer.Ordinal);

    public List<(HttpMethod Method, Uri Uri, string? Body, string? Authorization, string? Accept)> Requests { get; } = [];

    public MarathonStub On(string route, HttpStatusCode status, string body = "", string contentType = "application/json",
        string? deploymentIdHeader = null)
    {
        Queue(route).Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            if (deploymentIdHeader is not null) response.Headers.Add("Marathon-Deployment-Id", deploymentIdHeader);
            return response;
        });
        return this;
    }

    public MarathonStub OnFixture(string route, HttpStatusCode status, string fixture, string? deploymentIdHeader = null) =>
        On(route, status, Fixtures.Read(fixture), deploymentIdHeader: deploymentIdHeader);

    /// <summary>The next request on this route fails as a refused connection does.</summary>
    public MarathonStub Refuse(string route)
    {
        Queue(route).Enqueue(() => throw new HttpRequestException("Connection refused (127.0.0.1:18080)"));
        return this;
    }

    public MarathonStub OnStream(string route, Func<Stream> stream)
    {
        Queue(route).Enqueue(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream()) });
        return this;
    }

    private Queue<Func<HttpResponseMessage>> Queue(string route) =>
        _routes.TryGetValue(route, out var queue) ? queue : _routes[route] = new Queue<Func<HttpResponseMessage>>();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
        Requests.Add((request.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString(), request.Headers.Accept.ToString()));
        var route = $"{request.Method} {Uri.UnescapeDataString(request.RequestUri!.AbsolutePath)}";
        if (_routes.TryGetValue(route, out var queue) && queue.Count > 0)
            return queue.Count == 1 ? queue.Peek()() : queue.Dequeue()();
        return new HttpResponseMessage(HttpStatusCode.InternalServerError)
        {
            Content = new StringContent("{\"message\":\"URI not found\"}", Encoding.UTF8, "application/json"),
        };
    }
}

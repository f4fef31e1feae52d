using System.Net;
using System.Text;

namespace Delivery.Tests.Prometheus;

/// <summary>Answers requests from a script (status, body), recording each request; a null entry hangs until cancelled.</summary>
internal sealed class StubHandler(params (HttpStatusCode Status, string Body)?[] script) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>Answers by the request instead of by order (for requests sent concurrently).</summary>
    public Func<HttpRequestMessage, (HttpStatusCode Status, string Body)>? ByRequest { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int count;
        lock (Requests) { Requests.Add(request); count = Requests.Count; }
        var step = ByRequest is { } byRequest ? byRequest(request) : script[Math.Min(count - 1, script.Length - 1)];
        if (step is not { } answer)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
        return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, Encoding.UTF8, "application/json") };
    }
}

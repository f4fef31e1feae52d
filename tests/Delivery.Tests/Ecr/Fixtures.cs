using System.Text.Json.Nodes;

namespace Delivery.Tests.Ecr;

/// <summary>Finds <c>shared/fixtures/ecr</c> by walking up from the test's base directory (never a fixed path).</summary>
internal static class Fixtures
{
    public static string EcrDirectory { get; } = Find();

    public static JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(EcrDirectory, name)))!;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "ecr");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"No shared/fixtures/ecr above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Answers each request from a script and records what was sent.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Sent { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        Sent.Add((request, body));
        var answer = answers[Math.Min(Sent.Count - 1, answers.Length - 1)];
        return answer(request);
    }

    public static HttpResponseMessage Json(int status, string body, string? errorTypeHeader = null)
    {
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)status)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        if (errorTypeHeader is not null) response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorTypeHeader);
        return response;
    }
}

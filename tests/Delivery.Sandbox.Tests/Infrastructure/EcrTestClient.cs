using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Ecr;

namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>
/// Just enough of an ECR client for the sandbox tests: JSON 1.1 calls signed with SigV4 (host, x-amz-date and
/// x-amz-target signed) using the sandbox's own test key pair from status.json.
/// </summary>
public sealed class EcrTestClient(SandboxEcr ecr) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(ecr.Url), Timeout = TimeSpan.FromSeconds(15) };

    public string RegistryHost => new Uri(ecr.RegistryUrl).Authority;

    public async Task<JsonElement> CallAsync(string action, JsonObject input, CancellationToken cancellationToken)
    {
        var body = input.ToJsonString();
        var amzDate = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"AmazonEC2ContainerRegistry_V20150921.{action}";
        var host = _http.BaseAddress!.Authority;
        var canonical = $"POST\n/\n\nhost:{host}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n\nhost;x-amz-date;x-amz-target\n" +
                        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var signature = SigV4Verifier.SignatureFor(ecr.SecretAccessKey, ecr.Region, "ecr", amzDate, canonical);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.Add("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={ecr.AccessKeyId}/{amzDate[..8]}/{ecr.Region}/ecr/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature={signature}");
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Tried ECR {action} but it answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The registry password of a fresh authorization token (the part after "AWS:").</summary>
    public async Task<string> RegistryPasswordAsync(CancellationToken cancellationToken)
    {
        var data = await CallAsync("GetAuthorizationToken", new JsonObject(), cancellationToken);
        var token = data.GetProperty("authorizationData")[0].GetProperty("authorizationToken").GetString()!;
        return Encoding.UTF8.GetString(Convert.FromBase64String(token))["AWS:".Length..];
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The <c>ecr</c> endpoint of status.json: API URL, registry endpoint and the sandbox's test key pair.</summary>
public sealed record SandboxEcr(string Url, string RegistryUrl, string AccessKeyId, string SecretAccessKey, string Region)
{
    // The key pair is the sandbox's own, but keep it out of test output anyway.
    public override string ToString() => $"SandboxEcr {{ Url = {Url}, RegistryUrl = {RegistryUrl}, Region = {Region} }}";
}

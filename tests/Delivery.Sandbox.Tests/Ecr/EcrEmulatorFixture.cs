using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Ecr;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Sandbox.Tests.Ecr;

/// <summary>
/// An emulator on free loopback ports with a fake clock, optionally with a real docker-registry behind it, and a
/// client that signs JSON 1.1 calls by hand (this project does not reference the engine's ECR client).
/// </summary>
internal sealed class EcrEmulatorFixture : IAsyncDisposable
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public EcrEmulatorHost Host { get; private set; } = null!;
    public HttpClient Http { get; } = new();
    public EcrEmulatorOptions Options => Host.Options;
    private string? _storage;

    public static async Task<EcrEmulatorFixture> StartAsync(bool withRegistry = false, TimeSpan? tokenLifetime = null)
    {
        var fixture = new EcrEmulatorFixture();
        var options = new EcrEmulatorOptions
        {
            ApiPort = DockerRegistryProcess.FreePort(),
            RegistryPort = DockerRegistryProcess.FreePort(),
            TokenLifetime = tokenLifetime ?? TimeSpan.FromHours(12),
            // Without a registry: a free port where nothing listens (a real one replaces it when asked for).
            Backend = new Uri($"http://127.0.0.1:{DockerRegistryProcess.FreePort()}/"),
        };
        if (withRegistry) fixture._storage = Directory.CreateTempSubdirectory("delivery-registry-").FullName;
        fixture.Host = await EcrEmulatorHost.StartAsync(options, fixture._storage, fixture.Time);
        return fixture;
    }

    public static bool RegistryInstalled => File.Exists("/usr/bin/docker-registry");

    /// <param name="signedHeaders">Which headers the signature covers (AWS's own clients sign all four).</param>
    public async Task<(int Status, JsonNode Body)> CallAsync(string operation, object input, string? secret = null, string? accessKey = null, string? region = null, bool sign = true,
        string signedHeaders = "content-type;host;x-amz-date;x-amz-target")
    {
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(input));
        using var request = new HttpRequestMessage(HttpMethod.Post, Options.ApiEndpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921." + operation);
        if (sign) Sign(request, body, accessKey ?? Options.AccessKeyId, secret ?? Options.SecretAccessKey, region ?? Options.Region, signedHeaders.Split(';'));
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!);
    }

    private void Sign(HttpRequestMessage request, byte[] body, string accessKey, string secret, string region, string[] signedHeaders)
    {
        var amzDate = Time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var values = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-amz-json-1.1", ["host"] = request.RequestUri!.Authority, ["x-amz-date"] = amzDate,
            ["x-amz-target"] = request.Headers.GetValues("X-Amz-Target").Single(),
        };
        var lines = string.Concat(signedHeaders.Select(h => $"{h}:{values[h]}\n"));
        var canonical = $"POST\n/\n\n{lines}\n{string.Join(';', signedHeaders)}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var signature = SigV4Verifier.SignatureFor(secret, region, "ecr", amzDate, canonical);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{amzDate[..8]}/{region}/ecr/aws4_request, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}");
    }

    /// <summary>The registry's Basic credentials from a fresh GetAuthorizationToken.</summary>
    public async Task<string> TokenAsync()
    {
        var (_, body) = await CallAsync("GetAuthorizationToken", new { });
        return body["authorizationData"]![0]!["authorizationToken"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> RegistryAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Options.RegistryEndpoint, path)) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_storage is not null) Directory.Delete(_storage, true);
    }
}

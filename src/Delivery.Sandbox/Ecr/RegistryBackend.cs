using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Ecr;

/// <summary>
/// The emulator's calls to the real registry behind it (no auth there: it listens on loopback only and is reached
/// through the proxy by everyone else).
/// </summary>
public sealed class RegistryBackend(HttpClient http, EcrEmulatorOptions options)
{
    public HttpClient Http => http;
    public Uri BaseAddress => options.Backend;

    public Uri UrlFor(string pathAndQuery) => new(options.Backend, pathAndQuery.TrimStart('/'));

    /// <summary>Stores a manifest by digest; the registry checks that every blob it names is present.</summary>
    public async Task<(bool Ok, string? ErrorCode, string? Message)> PutManifestAsync(string repository, string digest, string mediaType, string manifest, CancellationToken ct)
    {
        using var content = new StringContent(manifest, new UTF8Encoding(false));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync(UrlFor($"/v2/{repository}/manifests/{digest}"), content, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return (true, null, null);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var (code, message) = FirstError(body);
        return (false, code ?? response.StatusCode.ToString(), message ?? body);
    }

    public async Task<long?> BlobSizeAsync(string repository, string digest, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, UrlFor($"/v2/{repository}/blobs/{digest}"));
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK ? response.Content.Headers.ContentLength ?? 0 : null;
    }

    /// <summary>Best effort: the image is gone from the model either way; a leftover manifest is unreachable by tag.</summary>
    public async Task DeleteManifestAsync(string repository, string digest, CancellationToken ct)
    {
        try { using var _ = await http.DeleteAsync(UrlFor($"/v2/{repository}/manifests/{digest}"), ct).ConfigureAwait(false); }
        catch (HttpRequestException) { }
    }

    /// <summary>The first <c>{code, message}</c> of a registry error body.</summary>
    public static (string? Code, string? Message) FirstError(string body)
    {
        try
        {
            var first = JsonNode.Parse(body)?["errors"]?.AsArray().FirstOrDefault();
            return (first?["code"]?.GetValue<string>(), first?["message"]?.GetValue<string>());
        }
        catch (Exception) { return (null, null); }
    }

    /// <summary>Compressed size of an image as ECR reports it: config plus layers, from the manifest.</summary>
    public static long SizeOf(string manifest)
    {
        try
        {
            var node = JsonNode.Parse(manifest);
            var layers = node?["layers"]?.AsArray().Sum(l => l?["size"]?.GetValue<long>() ?? 0) ?? 0;
            return layers + (node?["config"]?["size"]?.GetValue<long>() ?? 0);
        }
        catch (Exception) { return 0; }
    }

    /// <summary>The manifest's own <c>mediaType</c>, if it states one.</summary>
    public static string? MediaTypeOf(string manifest)
    {
        try { return JsonNode.Parse(manifest)?["mediaType"]?.GetValue<string>(); }
        catch (Exception) { return null; }
    }
}

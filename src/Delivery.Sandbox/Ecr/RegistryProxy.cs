using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Delivery.Sandbox.Ecr;

/// <summary>
/// The registry endpoint (<c>proxyEndpoint</c>): Docker Registry API v2 in front of the real docker-registry, with
/// ECR's rules on top: Basic <c>AWS:&lt;token&gt;</c> only with a token the API issued and
/// not expired; <c>NAME_UNKNOWN</c> for repositories not created through the API; immutable tags refused at manifest
/// PUT with <c>TAG_INVALID</c>; tags and manifests answered from the shared model so both views agree.
/// </summary>
public sealed partial class RegistryProxy(EcrState state, RegistryBackend backend)
{
    private EcrEmulatorOptions Options => state.Options;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (!context.Response.HasStarted)
        {
            await Error(context, 503, "UNAVAILABLE", $"the image store behind the registry endpoint is unavailable: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        context.Response.Headers["Docker-Distribution-Api-Version"] = "registry/2.0";
        if (!await AuthorisedAsync(context).ConfigureAwait(false)) return;
        var path = context.Request.Path.Value ?? "/";
        if (path is "/v2" or "/v2/")
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}").ConfigureAwait(false);
            return;
        }
        var route = RoutePattern().Match(path);
        if (!route.Success)
        {
            await Error(context, 404, "NAME_INVALID", "invalid repository name").ConfigureAwait(false);
            return;
        }
        var name = route.Groups["name"].Value;
        var kind = route.Groups["kind"].Value;
        var reference = route.Groups["rest"].Value;
        var repository = state.Find(name);
        if (repository is null)
        {
            await Error(context, 404, "NAME_UNKNOWN", $"The repository with name '{name}' does not exist in the registry with id '{Options.AccountId}'").ConfigureAwait(false);
            return;
        }
        var method = context.Request.Method;
        switch (kind)
        {
            case "tags" when reference == "list":
                await TagsListAsync(context, repository).ConfigureAwait(false);
                return;
            case "manifests" when HttpMethods.IsPut(method):
                await PutManifestAsync(context, repository, reference).ConfigureAwait(false);
                return;
            case "manifests" when HttpMethods.IsGet(method) || HttpMethods.IsHead(method):
                var digest = ResolveManifest(repository, reference);
                if (digest is null) { await Error(context, 404, "MANIFEST_UNKNOWN", $"Requested image not found").ConfigureAwait(false); return; }
                await ForwardAsync(context, $"/v2/{name}/manifests/{digest}").ConfigureAwait(false);
                return;
            case "manifests":
                await Error(context, 405, "UNSUPPORTED", "Use BatchDeleteImage to delete images.").ConfigureAwait(false);
                return;
            // The store behind has deletes enabled for BatchDeleteImage; through the endpoint, as on ECR, nothing is deleted.
            case "blobs" when HttpMethods.IsDelete(method):
                await Error(context, 405, "UNSUPPORTED", "The operation is unsupported.").ConfigureAwait(false);
                return;
            default:
                await ForwardAsync(context, path + context.Request.QueryString).ConfigureAwait(false);
                return;
        }
    }

    private async Task<bool> AuthorisedAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        string? password = null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                if (decoded.StartsWith("AWS:", StringComparison.Ordinal)) password = decoded[4..];
            }
            catch (FormatException) { }
        }
        var check = password is null ? TokenCheck.Unknown : state.CheckToken(password);
        if (check == TokenCheck.Valid) return true;
        if (check == TokenCheck.Expired)
        {
            await Error(context, 403, "DENIED", "Your authorization token has expired. Reauthenticate and try again.").ConfigureAwait(false);
            return false;
        }
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Options.RegistryEndpoint.ToString().TrimEnd('/')}/\",service=\"ecr.amazonaws.com\"";
        await Error(context, 401, "UNAUTHORIZED", "authentication required").ConfigureAwait(false);
        return false;
    }

    private async Task TagsListAsync(HttpContext context, StoredRepository repository)
    {
        List<string> tags;
        lock (state.Gate) tags = repository.Tags.Keys.Order(StringComparer.Ordinal).ToList();
        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["name"] = repository.Name, ["tags"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray()) };
        await context.Response.WriteAsync(body.ToJsonString(EcrJsonText.Options)).ConfigureAwait(false);
    }

    private async Task PutManifestAsync(HttpContext context, StoredRepository repository, string reference)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        if (buffer.Length > 4 * 1024 * 1024) { await Error(context, 413, "SIZE_INVALID", "manifest larger than 4 MiB").ConfigureAwait(false); return; }
        var manifest = Encoding.UTF8.GetString(buffer.ToArray());
        var digest = EcrImageOperations.DigestOf(manifest);
        var isDigest = reference.StartsWith("sha256:", StringComparison.Ordinal);
        if (isDigest && reference != digest) { await Error(context, 400, "DIGEST_INVALID", "provided digest did not match uploaded content").ConfigureAwait(false); return; }
        // The media type without parameters (a client may add "; charset=utf-8").
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim() is { Length: > 0 } given ? given
            : RegistryBackend.MediaTypeOf(manifest) ?? "application/vnd.docker.distribution.manifest.v2+json";

        var result = await ImageWriter.PutAsync(state, backend, repository, manifest, digest, mediaType, isDigest ? null : reference, context.RequestAborted, sameIsError: false).ConfigureAwait(false);
        switch (result)
        {
            case PutResult.TagTaken:
                await Error(context, 400, "TAG_INVALID", $"The image tag '{reference}' already exists in the '{repository.Name}' repository and cannot be overwritten because the repository is immutable.").ConfigureAwait(false);
                return;
            case PutResult.BlobsMissing missing:
                await Error(context, 400, "MANIFEST_BLOB_UNKNOWN", missing.Detail).ConfigureAwait(false);
                return;
            case PutResult.BackendFailed failed:
                await Error(context, 400, "MANIFEST_INVALID", failed.Detail).ConfigureAwait(false);
                return;
        }
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = $"/v2/{repository.Name}/manifests/{digest}";
        context.Response.Headers["Docker-Content-Digest"] = digest;
    }

    private string? ResolveManifest(StoredRepository repository, string reference)
    {
        lock (state.Gate)
        {
            if (reference.StartsWith("sha256:", StringComparison.Ordinal)) return repository.Images.ContainsKey(reference) ? reference : null;
            return repository.Tags.GetValueOrDefault(reference);
        }
    }

    /// <summary>Streams the request to the real registry and its answer back, body and headers, without buffering blobs.</summary>
    private async Task ForwardAsync(HttpContext context, string pathAndQuery)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        var request = context.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), backend.UrlFor(pathAndQuery));
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody) forward.Content = new StreamContent(request.Body);
        foreach (var (key, values) in request.Headers)
        {
            if (key is "Host" or "Authorization" or "Connection" or "Transfer-Encoding" or "Expect") continue;
            if (!forward.Headers.TryAddWithoutValidation(key, values.ToArray()) && forward.Content is not null)
                forward.Content.Headers.TryAddWithoutValidation(key, values.ToArray());
        }
        using var response = await backend.Http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (key is "Transfer-Encoding" or "Connection") continue;
            context.Response.Headers[key] = values.ToArray();
        }
        // A registry without relativeurls answers with absolute URLs of its own address; clients must keep coming
        // through the proxy (and its token check), so make them relative.
        if (response.Headers.Location is { IsAbsoluteUri: true } location && location.Authority == backend.BaseAddress.Authority)
            context.Response.Headers.Location = location.PathAndQuery;
        if (!HttpMethods.IsHead(request.Method))
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message, ["detail"] = null }) };
        return context.Response.WriteAsync(body.ToJsonString(EcrJsonText.Options));
    }

    [GeneratedRegex("^/v2/(?<name>.+?)/(?<kind>blobs|manifests|tags)/(?<rest>.*)$")]
    private static partial Regex RoutePattern();
}

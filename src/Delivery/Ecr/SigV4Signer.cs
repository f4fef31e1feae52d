using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Delivery.Ecr;

/// <summary>
/// Signs an ECR JSON 1.1 call with SigV4. We build the canonical request ourselves (ECR calls are always
/// <c>POST /</c> with a handful of headers) and let the SDK's <see cref="AWS4Signer"/> derive the key, build the
/// string to sign and format the Authorization header, so the cryptography is AWS's own.
/// </summary>
internal static class SigV4Signer
{
    public const string Service = "ecr";

    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, DateTime signedAtUtc)
    {
        var amzDate = signedAtUtc.ToString("yyyyMMdd'T'HHmmss'Z'");
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.UseToken)
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.RequestUri!.IsDefaultPort ? request.RequestUri.Host : request.RequestUri.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (request.Content?.Headers.ContentType is { } contentType) headers["content-type"] = contentType.ToString();
        foreach (var name in new[] { "X-Amz-Target", "X-Amz-Security-Token" })
            if (request.Headers.TryGetValues(name, out var values)) headers[name.ToLowerInvariant()] = string.Join(",", values).Trim();

        var signedHeaders = string.Join(";", headers.Keys);
        var canonicalRequest = CanonicalRequest(request.Method.Method, request.RequestUri.AbsolutePath, request.RequestUri.Query.TrimStart('?'), headers, body);
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAtUtc, Service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>SigV4's canonical request: method, path, query, <c>name:value</c> lines, signed header names, payload hash.</summary>
    public static string CanonicalRequest(string method, string path, string query, IReadOnlyDictionary<string, string> sortedLowercaseHeaders, byte[] body)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(string.IsNullOrEmpty(path) ? "/" : path).Append('\n');
        builder.Append(query).Append('\n');
        foreach (var (name, value) in sortedLowercaseHeaders) builder.Append(name).Append(':').Append(value).Append('\n');
        builder.Append('\n');
        builder.Append(string.Join(";", sortedLowercaseHeaders.Keys)).Append('\n');
        builder.Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        return builder.ToString();
    }
}

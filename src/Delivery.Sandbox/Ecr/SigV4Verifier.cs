using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Delivery.Sandbox.Ecr;

/// <summary>A refused call, in AWS's words: HTTP status, error type and message.</summary>
public sealed record AwsError(int Status, string Type, string Message);

/// <summary>
/// Checks a SigV4 <c>Authorization</c> header against the sandbox's key pair, answering as AWS does: no header →
/// <c>MissingAuthenticationTokenException</c>; an unknown key → <c>UnrecognizedClientException</c> (400); a wrong
/// scope, an old date or a signature that does not match → <c>InvalidSignatureException</c> (403).
/// </summary>
public sealed partial class SigV4Verifier(EcrEmulatorOptions options, TimeProvider time)
{
    public AwsError? Verify(HttpRequest request, byte[] body)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return new AwsError(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        var parsed = AuthorizationPattern().Match(header);
        if (!parsed.Success)
            return new AwsError(400, "IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");

        var accessKey = parsed.Groups["key"].Value;
        var date = parsed.Groups["date"].Value;
        var region = parsed.Groups["region"].Value;
        var service = parsed.Groups["service"].Value;
        var signedHeaders = parsed.Groups["headers"].Value.Split(';');
        var signature = parsed.Groups["signature"].Value;

        if (accessKey != options.AccessKeyId)
            return new AwsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        if (region != options.Region)
            return new AwsError(403, "InvalidSignatureException", $"Credential should be scoped to a valid region, not '{region}'. ");
        if (service != "ecr")
            return new AwsError(403, "InvalidSignatureException", "Credential should be scoped to correct service: 'ecr'. ");

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
            return new AwsError(400, "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
            return new AwsError(403, "InvalidSignatureException", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{amzDate[..8]}'");
        var now = time.GetUtcNow();
        if ((now - signedAt).Duration() > options.MaxClockSkew)
            return new AwsError(403, "InvalidSignatureException", $"Signature expired: {amzDate} is now earlier than {now - options.MaxClockSkew:yyyyMMdd'T'HHmmss'Z'} ({now:yyyyMMdd'T'HHmmss'Z'} - {options.MaxClockSkew.TotalMinutes} min.)");
        if (!signedHeaders.Contains("host"))
            return new AwsError(403, "InvalidSignatureException", "'Host' must be a signed header.");
        // The date and the operation are signed, as AWS requires them to be, so a captured request can be neither replayed
        // later nor turned into another operation; the body is signed by its hash in the canonical request.
        foreach (var (name, shown) in new[] { ("x-amz-date", "X-Amz-Date"), ("x-amz-target", "X-Amz-Target"), ("x-amz-security-token", "X-Amz-Security-Token") })
            if (!signedHeaders.Contains(name) && (name == "x-amz-date" || request.Headers.ContainsKey(shown)))
                return new AwsError(403, "InvalidSignatureException", $"'{shown}' must be a signed header.");

        var expected = Compute(request, body, signedHeaders, amzDate);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            return new AwsError(403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        return null;
    }

    private string Compute(HttpRequest request, byte[] body, string[] signedHeaders, string amzDate)
    {
        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value).Append('\n')
            .Append(CanonicalQuery(request.QueryString.Value)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var value = name == "host" ? request.Host.Value : string.Join(",", request.Headers[name].Select(v => v?.Trim()));
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }
        canonical.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(Hex(SHA256.HashData(body)));

        return SignatureFor(options.SecretAccessKey, options.Region, "ecr", amzDate, canonical.ToString());
    }

    /// <summary>The SigV4 signature of a canonical request (AWS's key derivation and string to sign); tests sign by hand with it.</summary>
    public static string SignatureFor(string secret, string region, string service, string amzDate, string canonicalRequest)
    {
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, toSign));
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        return string.Join('&', query.TrimStart('?').Split('&').Select(p => p.Contains('=') ? p : p + "=").Order(StringComparer.Ordinal));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<key>[^/,\s]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request,\s*SignedHeaders=(?<headers>[a-z0-9;\-]+),\s*Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}

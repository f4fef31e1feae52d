using Delivery.Core;
using System.Text;

namespace Delivery.Ecr;

/// <summary>
/// Credentials for the registry endpoint, from GetAuthorizationToken: user <c>AWS</c> and a password valid until
/// <see cref="ExpiresAt"/>. The password is a secret: <see cref="ToString"/> leaves it out, and so must every log line.
/// </summary>
public sealed class RegistryLogin
{
    public Uri ProxyEndpoint { get; }
    public string Username { get; }
    public DateTimeOffset ExpiresAt { get; }
    internal string Password { get; }

    public RegistryLogin(Uri proxyEndpoint, string username, string password, DateTimeOffset expiresAt)
    {
        ProxyEndpoint = proxyEndpoint;
        Username = username;
        Password = password;
        ExpiresAt = expiresAt;
    }

    /// <summary><c>host[:port]</c> as it appears in an image name.</summary>
    public string RegistryHost => ProxyEndpoint.IsDefaultPort ? ProxyEndpoint.Host : ProxyEndpoint.Authority;

    /// <summary>Decodes an ECR <c>authorizationToken</c> (base64 of <c>AWS:&lt;password&gt;</c>).</summary>
    public static RegistryLogin FromAuthorizationData(EcrAuthorizationData data)
    {
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken)); }
        catch (FormatException) { throw new DeliveryException("Get an ECR authorization token failed: ECR returned a token that is not base64."); }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) throw new DeliveryException("Get an ECR authorization token failed: ECR returned a token that is not of the form user:password.");
        if (!Uri.TryCreate(data.ProxyEndpoint, UriKind.Absolute, out var proxyEndpoint))
            throw new DeliveryException($"Get an ECR authorization token failed: ECR returned the registry endpoint '{data.ProxyEndpoint}', which is not an absolute URL.");
        return new RegistryLogin(
            proxyEndpoint,
            decoded[..colon],
            decoded[(colon + 1)..],
            DateTimeOffset.FromUnixTimeMilliseconds((long)(data.ExpiresAt * 1000)));
    }

    /// <summary>The value of an <c>Authorization: Basic …</c> header, as ECR's registry expects it.</summary>
    internal string BasicHeaderValue => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() => $"{Username}@{RegistryHost} (expires {ExpiresAt:u})";
}

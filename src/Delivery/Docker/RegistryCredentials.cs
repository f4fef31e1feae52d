using System.Text;

namespace Delivery.Docker;

/// <summary>
/// What the Docker engine needs to push to a registry: the host as image names spell it, a user and a password (for
/// ECR, a login from its control plane, mapped by the caller). The password is a secret: <see cref="ToString"/> leaves
/// it out, and <see cref="Scrub"/> removes it from the engine's messages.
/// </summary>
public sealed class RegistryCredentials(string host, string username, string password)
{
    public string Host { get; } = host;
    public string Username { get; } = username;
    internal string Password { get; } = password;

    /// <summary>
    /// Engines have echoed credentials in errors before (moby#39069); ours never reach a log, neither as the password
    /// nor in the base64 forms it travels in (the Basic header's user:password, X-Registry-Auth).
    /// </summary>
    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(Password)) return text;
        foreach (var secret in new[] { Password, Base64($"{Username}:{Password}"), Base64(Password) })
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public override string ToString() => $"{Username}@{Host}";
}

using System.Text.Json;
using Delivery.Ecr;

namespace Delivery.Composition;

/// <summary>
/// The local sandbox's own test keys for its ECR emulator, read from the sandbox's <c>status.json</c>
/// (<c>DELIVERY_SANDBOX_DIR</c>, else <c>.nuke/temp/sandbox</c> under the repository). They are not AWS keys and are only
/// ever used against 127.0.0.1; a real environment always goes through the AWS SDK's chain instead.
/// </summary>
public static class SandboxCredentials
{
    public static string StatusFile(string repositoryRoot) =>
        Path.Combine(Environment.GetEnvironmentVariable("DELIVERY_SANDBOX_DIR") is { Length: > 0 } dir ? dir : Path.Combine(repositoryRoot, ".nuke", "temp", "sandbox"), "status.json");

    public static IAwsCredentialSource? TryRead(string repositoryRoot)
    {
        var file = StatusFile(repositoryRoot);
        if (!File.Exists(file)) return null;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            if (!json.RootElement.TryGetProperty("ecr", out var ecr) || ecr.ValueKind != JsonValueKind.Object) return null;
            var key = ecr.TryGetProperty("username", out var k) ? k.GetString() : null;
            var secret = ecr.TryGetProperty("password", out var s) ? s.GetString() : null;
            return string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret) ? null : new StaticCredentialSource(key, secret);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

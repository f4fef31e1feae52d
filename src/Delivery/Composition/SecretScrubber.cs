using Delivery.Core.Pipelines;

namespace Delivery.Composition;

/// <summary>
/// Removes the secrets this process knows from text that came from elsewhere (what hooks print goes to the console and
/// into reports): the AWS credentials of the environment variables the SDK reads, and the Marathon password the
/// environment names, and the notification sinks' webhook URLs. Longest first, so a secret containing another is removed whole.
/// </summary>
public sealed class SecretScrubber(IEnumerable<string> secrets)
{
    public const string Mask = "[secret]";
    private static readonly string[] AwsVariables = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"];

    private readonly List<string> _secrets = secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length).ToList();

    public static SecretScrubber For(DeliveryEnvironment environment, Func<string, string?> variables)
    {
        // Webhook URLs carry their own token (Slack's is in the path): the whole URL is the secret.
        var names = AwsVariables.Concat(environment.Marathon.PasswordVariable is { } password ? [password] : [])
            .Concat(environment.Notifications.Select(n => n.UrlVariable));
        return new SecretScrubber(names.Select(variables).OfType<string>());
    }

    public string Scrub(string text)
    {
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}

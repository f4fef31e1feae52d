using Delivery.Core.Pipelines;

namespace Delivery.Composition;

/// <summary>
/// The secrets this process knows that may turn up in text from elsewhere (what hooks print goes to the console and
/// into reports): the AWS credentials of the environment variables the SDK reads, the Marathon password the
/// environment names, and the notification sinks' webhook URLs. The build program hands them to its runner's redactor,
/// the one place that masks secrets.
/// </summary>
public static class EnvironmentSecrets
{
    private static readonly string[] AwsVariables = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"];

    // Shorter values would mask ordinary words in the output.
    private const int MinimumLength = 4;

    public static IReadOnlyList<string> Values(DeliveryEnvironment environment, Func<string, string?> variables)
    {
        // Webhook URLs carry their own token (Slack's is in the path): the whole URL is the secret.
        var names = AwsVariables.Concat(environment.Marathon.PasswordVariable is { } password ? [password] : [])
            .Concat(environment.Notifications.Select(n => n.UrlVariable));
        return names.Select(variables).OfType<string>().Where(s => s.Length >= MinimumLength).Distinct().ToList();
    }
}

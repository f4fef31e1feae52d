namespace Delivery.Core.Pipelines;

/// <summary>The <c>marathon:</c> section of an environment: where Marathon answers and where its credentials come from.</summary>
/// <param name="UsernameVariable">Environment variable holding the HTTP basic user, or null for no auth.</param>
/// <param name="PasswordVariable">Environment variable holding the password; the value is a secret and never printed.</param>
public sealed record MarathonEndpoint(Uri Url, string? UsernameVariable = null, string? PasswordVariable = null);

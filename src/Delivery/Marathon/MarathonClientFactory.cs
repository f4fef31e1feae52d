using System.Net.Http.Headers;
using System.Text;
using Delivery.Core;
using Delivery.Core.Pipelines;

namespace Delivery.Marathon;

/// <summary>
/// Makes the <see cref="IMarathonClient"/> of an environment: HTTP basic auth from the environment variables the
/// environment file names (never from the file itself). The secret only ever sits in the request header.
/// </summary>
public static class MarathonClientFactory
{
    /// <param name="getVariable">Reads an environment variable; <see cref="Environment.GetEnvironmentVariable(string)"/> outside tests.</param>
    /// <param name="handler">The HTTP stack; a test handler in unit tests.</param>
    /// <exception cref="DeliveryException">A named credential variable is not set.</exception>
    public static IMarathonClient Create(MarathonEndpoint endpoint, TimeProvider time, Func<string, string?>? getVariable = null,
        HttpMessageHandler? handler = null, Resilience.RetryOptions? retry = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        if (Authorization(endpoint, getVariable) is { } auth) http.DefaultRequestHeaders.Authorization = auth;
        return new MarathonHttpClient(http, endpoint.Url, time, retry);
    }

    internal static AuthenticationHeaderValue? Authorization(MarathonEndpoint endpoint, Func<string, string?> getVariable)
    {
        if (endpoint.UsernameVariable is null && endpoint.PasswordVariable is null) return null;
        var user = Required(endpoint, endpoint.UsernameVariable, getVariable);
        var password = Required(endpoint, endpoint.PasswordVariable, getVariable);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    private static string Required(MarathonEndpoint endpoint, string? variable, Func<string, string?> getVariable)
    {
        if (variable is null)
            throw new DeliveryException($"Tried to authenticate to Marathon at {endpoint.Url} but failed because only one of the user and password variables is named.");
        var value = getVariable(variable);
        if (string.IsNullOrEmpty(value))
            throw new DeliveryException($"Tried to authenticate to Marathon at {endpoint.Url} but failed because environment variable {variable} is not set.");
        return value;
    }
}

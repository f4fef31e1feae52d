using System.Net;

namespace Delivery.Marathon;

/// <summary>
/// Marathon refused or failed a call. The message names the action, the object and the cause, e.g. "Tried to update
/// app /games/lobby but failed because Marathon answered 409: …"; <see cref="Body"/> keeps the full answer.
/// Request headers (basic auth) are never part of it.
/// </summary>
public class MarathonException : Core.DeliveryException
{
    public MarathonException(string message, HttpStatusCode? status, string? body, Exception? inner = null)
        : base(message, inner!) => (StatusCode, Body) = (status, body);

    /// <summary>The HTTP status, or null when Marathon could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    public string? Body { get; }
}

/// <summary>409: another deployment holds the app; retry with <c>force</c> or wait for <see cref="DeploymentIds"/>.</summary>
public sealed class MarathonAppLockedException(string message, string body, IReadOnlyList<string> deploymentIds)
    : MarathonException(message, HttpStatusCode.Conflict, body)
{
    public IReadOnlyList<string> DeploymentIds { get; } = deploymentIds;
}

/// <summary>409 on create: an app with that id exists; update it with PUT instead.</summary>
public sealed class MarathonAppExistsException(string message, string body) : MarathonException(message, HttpStatusCode.Conflict, body);

/// <summary>404: the app, version, task or deployment does not exist.</summary>
public sealed class MarathonNotFoundException(string message, string body) : MarathonException(message, HttpStatusCode.NotFound, body);

/// <summary>400 or 422: the request was not valid JSON or not a valid definition; <see cref="Details"/> says where.</summary>
public sealed class MarathonValidationException(string message, HttpStatusCode status, string body, IReadOnlyList<MarathonValidationDetail> details)
    : MarathonException(message, status, body)
{
    public IReadOnlyList<MarathonValidationDetail> Details { get; } = details;
}

/// <summary>One entry of a 422's <c>details</c>: a JSON path such as <c>/upgradeStrategy/minimumHealthCapacity</c> and its errors.</summary>
public sealed record MarathonValidationDetail(string Path, IReadOnlyList<string> Errors)
{
    public override string ToString() => $"{Path}: {string.Join("; ", Errors)}";
}

/// <summary>401 or 403: the credentials are wrong or not allowed to do this.</summary>
public sealed class MarathonAuthorizationException(string message, HttpStatusCode status, string body) : MarathonException(message, status, body);

/// <summary>5xx after retries (or at once for calls that are not retried), with status and body kept.</summary>
public sealed class MarathonServerException(string message, HttpStatusCode status, string body) : MarathonException(message, status, body);

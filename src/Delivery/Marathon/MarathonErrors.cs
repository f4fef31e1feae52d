using System.Net;
using System.Text.Json;

namespace Delivery.Marathon;

/// <summary>Maps Marathon's error answers to exceptions whose message says what was tried and why it failed.</summary>
internal static class MarathonErrors
{
    private const int MaxBodyInMessage = 500;

    /// <param name="action">What was tried, e.g. <c>update app /games/lobby</c>.</param>
    public static MarathonException FromResponse(string action, HttpStatusCode status, string body)
    {
        var (message, details, deploymentIds) = Parse(body);
        var cause = $"Tried to {action} but failed because Marathon answered {(int)status}: {message ?? Clip(body)}";
        if (details.Count > 0) cause += " (" + string.Join(", ", details) + ")";
        switch ((int)status)
        {
            case 409 when deploymentIds.Count > 0:
                return new MarathonAppLockedException($"{cause} Locked by deployment(s) {string.Join(", ", deploymentIds)}.", body, deploymentIds);
            case 409 when message?.Contains("already exists", StringComparison.Ordinal) == true:
                return new MarathonAppExistsException(cause, body);
            case 404:
                return new MarathonNotFoundException(cause, body);
            case 400 or 422:
                return new MarathonValidationException(cause, status, body, details);
            case 401 or 403:
                return new MarathonAuthorizationException(cause + " Check the Marathon credentials of the environment.", status, body);
            case >= 500:
                return new MarathonServerException(cause, status, body);
            default:
                return new MarathonException(cause, status, body);
        }
    }

    public static MarathonException Unreachable(string action, Uri baseUri, Exception inner) =>
        new($"Tried to {action} but failed because Marathon at {baseUri} could not be reached: {inner.Message}", null, null, inner);

    public static MarathonException Unreadable(string action, HttpStatusCode status, string body, Exception inner) =>
        new($"Tried to {action} but failed because Marathon's answer ({(int)status}) was not what its API documents: {inner.Message} Body: {Clip(body)}", status, body, inner);

    /// <summary><c>message</c>, <c>details</c> (an array of {path, errors} or a plain string) and <c>deployments[].id</c>.</summary>
    private static (string? Message, IReadOnlyList<MarathonValidationDetail> Details, IReadOnlyList<string> DeploymentIds) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, [], []);
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var details = new List<MarathonValidationDetail>();
            if (root.TryGetProperty("details", out var d))
            {
                if (d.ValueKind == JsonValueKind.String) details.Add(new MarathonValidationDetail("/", [d.GetString()!]));
                if (d.ValueKind == JsonValueKind.Array)
                    foreach (var item in d.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                        details.Add(new MarathonValidationDetail(
                            item.TryGetProperty("path", out var p) ? p.GetString() ?? "/" : "/",
                            item.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
                                ? e.EnumerateArray().Select(x => x.ToString()).ToList() : []));
            }
            var ids = root.TryGetProperty("deployments", out var deps) && deps.ValueKind == JsonValueKind.Array
                ? deps.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("id", out _))
                    .Select(x => x.GetProperty("id").GetString()!).ToList()
                : [];
            return (message, details, ids);
        }
        catch (JsonException)
        {
            return (null, [], []);
        }
    }

    private static string Clip(string body)
    {
        var oneLine = body.ReplaceLineEndings(" ").Trim();
        return oneLine.Length == 0 ? "(empty body)" : oneLine.Length <= MaxBodyInMessage ? oneLine : oneLine[..MaxBodyInMessage] + "…";
    }
}

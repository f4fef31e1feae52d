using System.Net;
using System.Text.Json;

namespace Delivery.Marathon;

/// <summary>
/// <see cref="IMarathonClient"/> over HTTP. Which calls are retried (on 5xx and connection failures), and why:
/// <list type="bullet">
/// <item>GETs: read-only.</item>
/// <item>PUT app and scale: a PUT carries the whole desired state; repeating it after a lost answer converges on the
/// same definition, and an unchanged definition gives an empty plan that locks nothing.</item>
/// <item>DELETE app: deleting twice leaves it deleted; the repeat's 404 is read as "already gone".</item>
/// <item>DELETE deployment with force: only cancels; a repeat finds nothing (404).</item>
/// </list>
/// Not retried: POST app (a repeat after success is a 409 that would hide the success), rollback (each accepted call
/// stores a new version, and with force a repeat cancels the rollback the first call started), DELETE deployment
/// without force (starts a revert deployment), and killing tasks (a repeat would kill the replacements).
/// </summary>
public sealed class MarathonHttpClient : IMarathonClient
{
    private readonly MarathonTransport _transport;

    /// <param name="http">Carries the credentials (see <see cref="MarathonClientFactory"/>); its BaseAddress is not used.</param>
    public MarathonHttpClient(HttpClient http, Uri baseUri, TimeProvider time, Resilience.RetryOptions? retry = null) =>
        _transport = new MarathonTransport(http, baseUri, time, retry ?? Resilience.RetryOptions.Marathon);

    private static string AppUrl(string appId) => "v2/apps/" + MarathonTransport.AppPath(appId);

    public async Task<MarathonApp?> GetAppAsync(string appId, CancellationToken ct = default)
    {
        var answer = await _transport.SendAsync($"get app {appId}", HttpMethod.Get,
            AppUrl(appId) + "?embed=app.tasks&embed=app.counts&embed=app.deployments", null, idempotent: true, ct, notFoundIsNull: true);
        return answer is null ? null : Read<AppEnvelope>($"get app {appId}", answer).App;
    }

    public async Task<IReadOnlyList<MarathonApp>> ListAppsAsync(string? labelSelector = null, CancellationToken ct = default)
    {
        var query = "v2/apps?embed=apps.tasks&embed=apps.counts&embed=apps.deployments";
        if (!string.IsNullOrEmpty(labelSelector)) query += "&label=" + Uri.EscapeDataString(labelSelector);
        var action = labelSelector is null ? "list apps" : $"list apps with labels {labelSelector}";
        var answer = await _transport.SendAsync(action, HttpMethod.Get, query, null, idempotent: true, ct);
        return Read<AppsEnvelope>(action, answer!).Apps;
    }

    public async Task<MarathonDeploymentResult> CreateAppAsync(MarathonApp app, CancellationToken ct = default)
    {
        var action = $"create app {app.Id}";
        var answer = await _transport.SendAsync(action, HttpMethod.Post, "v2/apps", MarathonJson.Serialize(app.ForWrite()), idempotent: false, ct);
        // 201 carries the app itself; the deployment id is in its deployments[0] and in the header.
        var created = Read<MarathonApp>(action, answer!);
        var id = HeaderDeploymentId(answer!) ?? created.Deployments?.FirstOrDefault()?.Id
            ?? throw MarathonErrors.Unreadable(action, answer!.Status, answer.Body, new JsonException("no deployment id"));
        return new MarathonDeploymentResult(id, created.Version);
    }

    public async Task<MarathonDeploymentResult> PutAppAsync(MarathonApp app, bool partialUpdate = false, bool force = false, CancellationToken ct = default)
    {
        var url = $"{AppUrl(app.Id)}?partialUpdate={Flag(partialUpdate)}&force={Flag(force)}";
        return await DeploymentAsync($"update app {app.Id}", HttpMethod.Put, url, MarathonJson.Serialize(app.ForWrite()), idempotent: true, ct);
    }

    public Task<MarathonDeploymentResult> ScaleAppAsync(string appId, int instances, bool force = false, CancellationToken ct = default) =>
        DeploymentAsync($"scale app {appId} to {instances} instances", HttpMethod.Put,
            $"{AppUrl(appId)}?partialUpdate=true&force={Flag(force)}", JsonSerializer.Serialize(new { instances }), idempotent: true, ct);

    public async Task<MarathonDeploymentResult?> DeleteAppAsync(string appId, CancellationToken ct = default)
    {
        var action = $"delete app {appId}";
        var answer = await _transport.SendAsync(action, HttpMethod.Delete, AppUrl(appId), null, idempotent: true, ct, notFoundIsNull: true);
        return answer is null ? null : Result(action, answer);
    }

    public async Task<IReadOnlyList<string>> GetAppVersionsAsync(string appId, CancellationToken ct = default)
    {
        var action = $"list versions of app {appId}";
        var answer = await _transport.SendAsync(action, HttpMethod.Get, AppUrl(appId) + "/versions", null, idempotent: true, ct);
        // ISO-8601 UTC timestamps of one format sort chronologically as text.
        return Read<VersionsEnvelope>(action, answer!).Versions.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<MarathonApp?> GetAppVersionAsync(string appId, string version, CancellationToken ct = default)
    {
        var action = $"get version {version} of app {appId}";
        var answer = await _transport.SendAsync(action, HttpMethod.Get, $"{AppUrl(appId)}/versions/{Uri.EscapeDataString(version)}",
            null, idempotent: true, ct, notFoundIsNull: true);
        return answer is null ? null : Read<MarathonApp>(action, answer);
    }

    public Task<MarathonDeploymentResult> RollbackAppAsync(string appId, string version, bool force = false, CancellationToken ct = default) =>
        DeploymentAsync($"roll back app {appId} to version {version}", HttpMethod.Put, $"{AppUrl(appId)}?force={Flag(force)}",
            JsonSerializer.Serialize(new { version }), idempotent: false, ct);

    public async Task<IReadOnlyList<MarathonDeployment>> ListDeploymentsAsync(CancellationToken ct = default)
    {
        var answer = await _transport.SendAsync("list deployments", HttpMethod.Get, "v2/deployments", null, idempotent: true, ct);
        return Read<List<MarathonDeployment>>("list deployments", answer!);
    }

    public async Task<MarathonDeploymentResult?> DeleteDeploymentAsync(string deploymentId, bool force = false, CancellationToken ct = default)
    {
        var action = force ? $"cancel deployment {deploymentId}" : $"revert deployment {deploymentId}";
        var answer = await _transport.SendAsync(action, HttpMethod.Delete,
            $"v2/deployments/{Uri.EscapeDataString(deploymentId)}?force={Flag(force)}", null, idempotent: force, ct);
        // force=true answers 202 with an empty body: nothing was started.
        return force || answer!.Status == HttpStatusCode.Accepted || answer.Body.Length == 0 ? null : Result(action, answer);
    }

    public async Task<MarathonKillResult> KillTasksAsync(IReadOnlyCollection<string> taskIds, bool scale = false, CancellationToken ct = default)
    {
        var action = $"kill task(s) {string.Join(", ", taskIds)}";
        var answer = await _transport.SendAsync(action, HttpMethod.Post, $"v2/tasks/delete?scale={Flag(scale)}",
            JsonSerializer.Serialize(new { ids = taskIds }), idempotent: false, ct);
        return scale
            ? new MarathonKillResult([], Result(action, answer!))
            : new MarathonKillResult(Read<TasksEnvelope>(action, answer!).Tasks, null);
    }

    public async Task<IReadOnlyList<MarathonQueueItem>> GetQueueAsync(CancellationToken ct = default)
    {
        var answer = await _transport.SendAsync("read the launch queue", HttpMethod.Get, "v2/queue", null, idempotent: true, ct);
        return Read<QueueEnvelope>("read the launch queue", answer!).Queue;
    }

    public async Task<MarathonInfo> GetInfoAsync(CancellationToken ct = default)
    {
        var answer = await _transport.SendAsync("read Marathon's info", HttpMethod.Get, "v2/info", null, idempotent: true, ct);
        return Read<MarathonInfo>("read Marathon's info", answer!);
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await _transport.SendAsync("ping Marathon", HttpMethod.Get, "ping", null, idempotent: false, ct);
            return true;
        }
        catch (MarathonException)
        {
            return false;
        }
    }

    public IAsyncEnumerable<MarathonEvent> EventsAsync(IReadOnlyCollection<string>? eventTypes = null, CancellationToken ct = default) =>
        new MarathonEventStream(_transport, eventTypes).ReadAsync(ct);

    private async Task<MarathonDeploymentResult> DeploymentAsync(string action, HttpMethod method, string url, string body, bool idempotent, CancellationToken ct)
    {
        var answer = await _transport.SendAsync(action, method, url, body, idempotent, ct);
        return Result(action, answer!);
    }

    /// <summary><c>{"deploymentId", "version"}</c>; the <c>Marathon-Deployment-Id</c> header wins when both are present.</summary>
    private static MarathonDeploymentResult Result(string action, MarathonTransport.Answer answer)
    {
        var body = Read<MarathonDeploymentResult>(action, answer);
        var id = HeaderDeploymentId(answer) ?? body.DeploymentId;
        if (string.IsNullOrEmpty(id))
            throw MarathonErrors.Unreadable(action, answer.Status, answer.Body, new JsonException("no deploymentId"));
        return body with { DeploymentId = id };
    }

    private static string? HeaderDeploymentId(MarathonTransport.Answer answer) =>
        answer.Headers.TryGetValues("Marathon-Deployment-Id", out var values) ? values.FirstOrDefault() : null;

    private static T Read<T>(string action, MarathonTransport.Answer answer)
    {
        try
        {
            return MarathonJson.Deserialize<T>(answer.Body);
        }
        catch (JsonException ex)
        {
            throw MarathonErrors.Unreadable(action, answer.Status, answer.Body, ex);
        }
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private sealed record AppEnvelope(MarathonApp App);
    private sealed record AppsEnvelope(List<MarathonApp> Apps);
    private sealed record VersionsEnvelope(List<string> Versions);
    private sealed record TasksEnvelope(List<MarathonTask> Tasks);
    private sealed record QueueEnvelope(List<MarathonQueueItem> Queue);
}

using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>The sandbox's Marathon API as a test drives it: create, update, read, delete apps; wait for a condition.</summary>
public sealed class MarathonClient(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(15) };

    public HttpClient Http => _http;

    public async Task<JsonElement> CreateAsync(JsonObject app, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/v2/apps", app, cancellationToken);
        return await ReadAsync(response, $"create app {app["id"]}", cancellationToken);
    }

    public async Task<JsonElement> PutAsync(string appId, JsonObject body, CancellationToken cancellationToken, bool force = false)
    {
        using var response = await _http.PutAsJsonAsync($"/v2/apps{appId}?force={force.ToString().ToLowerInvariant()}", body, cancellationToken);
        return await ReadAsync(response, $"update app {appId}", cancellationToken);
    }

    public async Task<JsonElement> AppAsync(string appId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"/v2/apps{appId}?embed=app.tasks", cancellationToken);
        return (await ReadAsync(response, $"read app {appId}", cancellationToken)).GetProperty("app");
    }

    public async Task DeleteQuietlyAsync(string appId)
    {
        try
        {
            (await _http.DeleteAsync($"/v2/apps{appId}?force=true")).Dispose();
        }
        catch (HttpRequestException)
        {
            // The sandbox went away: nothing left to clean.
        }
    }

    public async Task<JsonElement> PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, null, cancellationToken);
        return await ReadAsync(response, $"POST {path}", cancellationToken);
    }

    /// <summary>Re-reads the app until the condition holds; fails naming what it waited for and the last state seen.</summary>
    public async Task<JsonElement> WaitForAsync(string appId, string what, Func<JsonElement, bool> condition, CancellationToken cancellationToken)
    {
        JsonElement app = default;
        try
        {
            while (true)
            {
                app = await AppAsync(appId, cancellationToken);
                if (condition(app))
                    return app;
                await Task.Delay(250, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Waited for {appId} to have {what} but the time ran out; last seen: " +
                (app.ValueKind == JsonValueKind.Undefined ? "nothing" : Summary(app)));
        }
    }

    public static IReadOnlyList<JsonElement> Tasks(JsonElement app) =>
        app.TryGetProperty("tasks", out var tasks) ? tasks.EnumerateArray().ToList() : [];

    public static bool AllHealthy(JsonElement app, int instances) =>
        app.GetProperty("tasksHealthy").GetInt32() == instances && Tasks(app).Count == instances
        && app.GetProperty("deployments").GetArrayLength() == 0;

    public static string Summary(JsonElement app) =>
        $"version {app.GetProperty("version")}, running {app.GetProperty("tasksRunning")}, healthy {app.GetProperty("tasksHealthy")}, " +
        $"deployments {app.GetProperty("deployments").GetArrayLength()}, tasks [{string.Join(", ", Tasks(app).Select(t => $"{t.GetProperty("host")} {t.GetProperty("state")}"))}]";

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Tried to {action} but Marathon answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}

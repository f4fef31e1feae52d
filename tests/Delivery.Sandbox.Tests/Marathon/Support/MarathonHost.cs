using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Delivery.Sandbox.Marathon;
using Delivery.Sandbox.Marathon.Runtime;
using Delivery.Sandbox.Marathon.Scheduling;
using Delivery.Sandbox.Marathon.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Sandbox.Tests.Marathon.Support;

/// <summary>
/// The emulator in-process on a test server, with the in-memory runtime and a fake clock. The scheduler loop is
/// off: tests move time with <see cref="AdvanceAsync"/>, which runs one reconcile pass per step.
/// </summary>
public sealed class MarathonHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    public InMemoryTaskRuntime Runtime { get; }
    public HttpClient Client { get; }
    public MarathonScheduler Scheduler { get; }
    public MarathonState State { get; }

    private MarathonHost(MarathonEmulatorOptions options)
    {
        Runtime = new InMemoryTaskRuntime(Time);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddMarathonEmulator(options with { RunBackgroundLoop = false }, _ => Runtime);
        _app = builder.Build();
        _app.MapMarathonApi();
        _app.StartAsync().GetAwaiter().GetResult();
        Client = _app.GetTestClient();
        Scheduler = _app.Services.GetRequiredService<MarathonScheduler>();
        State = _app.Services.GetRequiredService<MarathonState>();
    }

    public static MarathonHost Start(MarathonEmulatorOptions? options = null) => new(options ?? new MarathonEmulatorOptions());

    public IServiceProvider Services => _app.Services;

    public Task ReconcileAsync() => Scheduler.ReconcileAsync();

    /// <summary>Moves the fake clock in steps, reconciling after each, like the background loop would.</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan? step = null)
    {
        var by = step ?? TimeSpan.FromSeconds(1);
        await ReconcileAsync();
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += by)
        {
            Time.Advance(by);
            await ReconcileAsync();
        }
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body is string s ? s : body is JsonNode n ? n.ToJsonString() : System.Text.Json.JsonSerializer.Serialize(body),
                Encoding.UTF8, "application/json");
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json") json = JsonNode.Parse(text);
        return (response, json);
    }

    public Task<(HttpResponseMessage Response, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);
    public Task<(HttpResponseMessage Response, JsonNode? Body)> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body);
    public Task<(HttpResponseMessage Response, JsonNode? Body)> PutAsync(string path, object? body) => SendAsync(HttpMethod.Put, path, body);
    public Task<(HttpResponseMessage Response, JsonNode? Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>POSTs an app and fails the test unless it was created.</summary>
    public async Task<JsonNode> CreateAppAsync(JsonObject app)
    {
        var (response, body) = await PostAsync("/v2/apps", app);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {body?.ToJsonString()}");
        return body!;
    }

    public async Task<JsonObject> AppAsync(string appId)
    {
        var (_, body) = await GetAsync($"/v2/apps{appId}");
        return body!["app"]!.AsObject();
    }

    public async Task<JsonArray> DeploymentsAsync() => (await GetAsync("/v2/deployments")).Body!.AsArray();

    public List<TaskRecord> Tasks(string appId)
    {
        lock (State.Gate) return State.TasksOf(appId).ToList();
    }

    public static JsonObject App(string id, int instances = 1, string cmd = "sleep 1000") =>
        new() { ["id"] = id, ["cmd"] = cmd, ["instances"] = instances, ["cpus"] = 0.1, ["mem"] = 32 };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Runtime.DisposeAsync();
    }
}

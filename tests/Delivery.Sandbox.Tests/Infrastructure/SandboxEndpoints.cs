using System.Text.Json;

namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>
/// The running sandbox, as its host describes it in status.json: DELIVERY_SANDBOX_DIR, else the nearest
/// <c>.nuke/temp/sandbox</c> above the tests. A test that needs it fails with one line when it is down.
/// </summary>
public sealed record SandboxEndpoints(string StateDirectory, string MarathonUrl, string RegistryUrl, string PrometheusUrl, IReadOnlyList<SandboxAgent> Agents)
{
    /// <summary>The ECR emulator, when the host serves it.</summary>
    public SandboxEcr? Ecr { get; init; }

    public const string NotUp = "the sandbox is not up: run ./build.sh Sandbox";

    /// <summary>host:port of the registry, as an image name starts.</summary>
    public string RegistryAddress => new Uri(RegistryUrl).Authority;

    private static readonly Lazy<Task<SandboxEndpoints?>> Found = new(FindAsync);

    public static async Task<SandboxEndpoints> RequireAsync() =>
        await Found.Value ?? throw new SandboxNotUpException(NotUp);

    private static async Task<SandboxEndpoints?> FindAsync()
    {
        var directory = Environment.GetEnvironmentVariable("DELIVERY_SANDBOX_DIR") ?? FindStateDirectory();
        var statusFile = directory is null ? null : Path.Combine(directory, "status.json");
        if (statusFile is null || !File.Exists(statusFile))
            return null;
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(statusFile));
        var root = json.RootElement;
        string? Url(string name) => root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? e.GetProperty("url").GetString() : null;
        var agents = root.GetProperty("agents").EnumerateArray()
            .Select(a => new SandboxAgent(a.GetProperty("id").GetString()!, a.GetProperty("hostname").GetString()!, a.GetProperty("zone").GetString()!))
            .ToList();
        var endpoints = new SandboxEndpoints(directory!, Url("marathon")!, Url("registry") ?? "http://127.0.0.1:15000", Url("prometheus") ?? "http://127.0.0.1:19090", agents)
        {
            Ecr = root.TryGetProperty("ecr", out var ecr) && ecr.ValueKind == JsonValueKind.Object
                ? new SandboxEcr(ecr.GetProperty("url").GetString()!, ecr.GetProperty("registryUrl").GetString()!,
                    ecr.GetProperty("username").GetString()!, ecr.GetProperty("password").GetString()!, ecr.GetProperty("region").GetString()!)
                : null,
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return (await http.GetAsync(endpoints.MarathonUrl + "/ping")).IsSuccessStatusCode ? endpoints : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static string? FindStateDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".nuke", "temp", "sandbox");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}

public sealed record SandboxAgent(string Id, string Hostname, string Zone);

/// <summary>Thrown instead of a long stack of connection errors: the fix is one command.</summary>
public sealed class SandboxNotUpException(string message) : Exception(message);

using Delivery.Sandbox.Contract;

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
        if (directory is null || SandboxStatus.TryRead(SandboxStatus.PathIn(directory)) is not { } status)
            return null;
        var agents = status.Agents.Select(a => new SandboxAgent(a.Id, a.Hostname, a.Zone)).ToList();
        var endpoints = new SandboxEndpoints(directory, status.Marathon.Url,
            status.Registry?.Url ?? SandboxPorts.Url(SandboxPorts.Registry), status.Prometheus?.Url ?? SandboxPorts.Url(SandboxPorts.Prometheus), agents)
        {
            Ecr = status.Ecr is { RegistryUrl: { } registry, Username: { } user, Password: { } password, Region: { } region } ecr
                ? new SandboxEcr(ecr.Url, registry, user, password, region)
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

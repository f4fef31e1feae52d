using Delivery.Sandbox.Contract;

namespace Delivery.EndToEnd.Tests;

/// <summary>Thrown instead of a pile of connection errors when the sandbox is down: the fix is one command.</summary>
public sealed class SandboxNotUpException(string message) : Exception(message);

/// <summary>
/// Finds the running sandbox: <c>DELIVERY_SANDBOX_DIR</c>, else the nearest <c>.nuke/temp/sandbox/status.json</c> above
/// the tests; it is up when the Marathon its status names answers <c>/ping</c>. Every endpoint a test talks to directly
/// comes from that status (the sandbox's contract), never from a port written in a test.
/// </summary>
public static class SandboxLocator
{
    public const string NotUp = "The sandbox is not up: run ./build.sh Sandbox (or set DELIVERY_SANDBOX_DIR to a running sandbox's state folder).";

    /// <summary>The running sandbox's state folder and its status.</summary>
    public static (string Directory, SandboxStatus Status) Require()
    {
        var directory = Environment.GetEnvironmentVariable("DELIVERY_SANDBOX_DIR") is { Length: > 0 } given ? given : Walk("sandbox");
        if (directory is null || SandboxStatus.TryRead(SandboxStatus.PathIn(directory)) is not { } status) throw new SandboxNotUpException(NotUp);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            if (!http.GetAsync($"{status.Marathon.Url}/ping").GetAwaiter().GetResult().IsSuccessStatusCode) throw new SandboxNotUpException(NotUp);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new SandboxNotUpException(NotUp);
        }
        return (Path.GetFullPath(directory), status);
    }

    /// <summary>The sandbox's own ECR test keys from its status.json (what the build program hands the engine).</summary>
    public static Delivery.Ecr.IAwsCredentialSource EcrCredentials(string stateDirectory) =>
        SandboxStatus.TryRead(SandboxStatus.PathIn(stateDirectory))?.Ecr is { Username: { } key, Password: { } secret }
            ? new Delivery.Ecr.StaticCredentialSource(key, secret)
            : throw new SandboxNotUpException($"The sandbox's status in {stateDirectory} names no ECR test keys: run ./build.sh Sandbox.");

    /// <summary>The repository holding these tests (the folder with Delivery.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Delivery.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tried to find the repository of the end-to-end tests but no folder above them holds Delivery.sln.");
    }

    private static string? Walk(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".nuke", "temp", name);
            if (File.Exists(SandboxStatus.PathIn(candidate))) return candidate;
        }
        return null;
    }
}

using Delivery.Core.Hooks;
using Delivery.Hooks;

namespace Delivery.Tests.Hooks;

/// <summary>A payload as a canary run would send it, and a throw-away repository root for command hooks.</summary>
internal sealed class HookFixtures : IDisposable
{
    public static readonly HookPayload Payload = new(
        Pipeline: "lobby",
        Environment: "production",
        RunId: "run-42",
        Phase: "pre-rollout",
        Track: "canary",
        Release: new HookRelease("0123abcd", "123456789012.dkr.ecr.us-east-1.amazonaws.com/games/lobby@sha256:aa"),
        StableRelease: new HookRelease("fedc9876", "123456789012.dkr.ecr.us-east-1.amazonaws.com/games/lobby@sha256:bb"),
        Zones: ["us-east-1a", "us-east-1b"],
        CanaryApp: "/games/lobby-canary",
        StableApp: "/games/lobby",
        CanaryTasks: [new HookTask("us-east-1a", "10.0.1.7", [31001, 31002]), new HookTask("us-east-1b", "10.0.2.9", [31005])]);

    public string Root { get; } = Directory.CreateTempSubdirectory("delivery-hooks-").FullName;

    public static HookSpec Bash(string script, HookPhase phase = HookPhase.PreRollout, double timeoutSeconds = 10) =>
        new("smoke", phase, ["bash", "-c", script], null, TimeSpan.FromSeconds(timeoutSeconds));

    public static HookSpec Url(string url, HookPhase phase = HookPhase.ConfirmPromotion, double timeoutSeconds = 10) =>
        new("gate", phase, null, new Uri(url), TimeSpan.FromSeconds(timeoutSeconds));

    public HookRunner Runner(Func<string, string>? redact = null) => new(Root, TimeProvider.System, redact);

    /// <summary>Writes an executable script under the root and returns its path relative to the root.</summary>
    public string Script(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return relativePath;
    }

    /// <summary>Waits, boundedly, for a file a script writes once it is ready (its trap installed).</summary>
    public async Task WaitForFileAsync(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        for (var i = 0; i < 100 && !File.Exists(path); i++) await Task.Delay(30);
        Assert.True(File.Exists(path), $"{relativePath} never appeared");
    }

    public static bool IsGone(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

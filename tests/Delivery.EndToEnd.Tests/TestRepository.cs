using System.Diagnostics;

namespace Delivery.EndToEnd.Tests;

/// <summary>
/// A temporary clone of this repository in which tests commit their own lobby variants (a fault file, a short canary
/// plan, their own Marathon app id), so the real repository is never dirtied. Releases are commits of the clone.
/// </summary>
public sealed class TestRepository : IDisposable
{
    public string Root { get; }

    public TestRepository(string source, string appGroup)
    {
        Root = Path.Combine(Path.GetTempPath(), "delivery-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Git(Path.GetTempPath(), "clone", "--quiet", "--no-hardlinks", source, Root);
        Git(Root, "config", "user.email", "e2e@delivery.test");
        Git(Root, "config", "user.name", "Delivery end-to-end tests");
        File.WriteAllText(Path.Combine(Root, "pipelines", "lobby.yaml"), PipelineYaml);
        var template = Path.Combine(Root, "pipelines", "marathon", "lobby.json");
        File.WriteAllText(template, File.ReadAllText(template).Replace("\"/games/lobby\"", $"\"/{appGroup}/lobby\""));
        // Only the sample pipeline: other pipelines of the repository are not this test's business.
        foreach (var other in Directory.GetFiles(Path.Combine(Root, "pipelines"), "*.yaml").Where(f => Path.GetFileName(f) != "lobby.yaml"))
            File.Delete(other);
        Commit("Short canary plan and own app id for end-to-end tests");
    }

    /// <summary>A short plan: canaries in every zone, 5 s of watching, promote; one stable instance per zone.</summary>
    public const string PipelineYaml = """
        name: lobby
        source: src/Lobby
        image:
          repository: games/lobby
          prepare: dotnet publish src/Lobby -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true -o .nuke/temp/bake/lobby/app
          context: .nuke/temp/bake/lobby
          dockerfile: src/Lobby/Dockerfile
          buildArgs:
            APP_DIR: app
        marathon:
          template: marathon/lobby.json
        zones: all
        instances: 3
        canary:
          instancesPerZone: 1
          steps:
            - place
            - wait: 5s
            - promote
          health:
            healthyDeadline: 60s
            crashLoopRestarts: 2
            crashLoopWindow: 5m
            maxConsecutiveHealthFailures: 3
          promotionDeadline: 2m
          rollbackDeadline: 2m
          minimumHealthyCapacity: 100%
          onZoneFailure: pause

        """;

    /// <summary>Writes the lobby's fault plan (null: a good release) and commits; returns the commit id.</summary>
    public string CommitFaults(string? faultsJson, string message)
    {
        var file = Path.Combine(Root, "src", "Lobby", "faults.json");
        File.WriteAllText(file, faultsJson ?? """{ "errorRate": 0.0, "extraLatencyMs": 0, "crashOnStart": false, "unhealthyAfterSeconds": null, "note": "MESSAGE" }""".Replace("MESSAGE", message));
        return Commit(message);
    }

    public string Commit(string message)
    {
        Git(Root, "add", "-A");
        Git(Root, "commit", "--quiet", "--allow-empty", "-m", message);
        return Head();
    }

    public string Head() => Git(Root, "rev-parse", "HEAD").Trim();

    public void Checkout(string commit) => Git(Root, "checkout", "--quiet", commit);

    public static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {directory}: {error}");
        return output;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

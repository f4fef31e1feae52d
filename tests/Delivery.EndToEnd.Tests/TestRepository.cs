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
        File.WriteAllText(Path.Combine(Root, "pipelines", "lobby.yaml"), Pipeline());
        var template = Path.Combine(Root, "pipelines", "marathon", "lobby.json");
        File.WriteAllText(template, File.ReadAllText(template).Replace("\"/games/lobby\"", $"\"/{appGroup}/lobby\""));
        // Only the sample pipeline: other pipelines of the repository are not this test's business.
        foreach (var other in Directory.GetFiles(Path.Combine(Root, "pipelines"), "*.yaml").Where(f => Path.GetFileName(f) != "lobby.yaml"))
            File.Delete(other);
        // Every run is announced to the collection's webhook receiver (EventsReceiver), whose URL the variable holds.
        File.AppendAllText(Path.Combine(Root, "pipelines", "environments", "local.yaml"),
            $"notifications:\n  - kind: webhook\n    urlVariable: {EventsReceiver.Variable}\n");
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
          limits:
            maxConsecutiveErrors: 2
            maxInconclusive: 3
        analysis:
          interval: 5s
          warmup: 5s
          maxDuration: MAXDURATION
          minimumRequests: 60
          confidence: 99%
          onErrors: rollback
          onInconclusive: pause
          checks:
            - name: error-rate
              errors:
                requests: lobby_http_requests_total{route=~"/v1/.*"}
                failed: lobby_http_requests_total{route=~"/v1/.*", code=~"5.."}
              limit: 5%
              maxRatio: 3
              maxIncrease: 3%
            - name: p99-latency
              latency:
                buckets: lobby_http_request_duration_seconds_bucket{route=~"/v1/.*"}
                quantile: 0.99
              limit: 250ms
              maxRatio: 2
              # Wider than the sample's: stable's p99 sits at a 5 ms bucket bound here, and on a loaded machine a couple of
              # slow requests in 300 keep a 3-point bound open past 90 s; the judge's power is measured by its benchmarks.
              maxIncrease: 5%
        hooks:
          - name: smoke
            on: pre-rollout
            command: [bash, pipelines/hooks/smoke.sh, lobby_http_requests_total]
            timeout: 30s

        """;

    /// <summary>The pipeline with the analysis given <paramref name="maxDuration"/> to decide.</summary>
    public static string Pipeline(string maxDuration = "90s") => PipelineYaml.Replace("MAXDURATION", maxDuration);

    /// <summary>Writes the lobby's fault plan (null: a good release) and commits; returns the commit id.</summary>
    public string CommitFaults(string? faultsJson, string message)
    {
        var file = Path.Combine(Root, "src", "Lobby", "faults.json");
        File.WriteAllText(file, faultsJson ?? """{ "errorRate": 0.0, "extraLatencyMs": 0, "crashOnStart": false, "unhealthyAfterSeconds": null, "note": "MESSAGE" }""".Replace("MESSAGE", message));
        return Commit(message);
    }

    /// <summary>
    /// A good release deployed where nothing plays: the sandbox environment without its players hook, and an analysis
    /// that must decide within <paramref name="maxDuration"/>. Committed, so the tree stays clean for Deploy.
    /// </summary>
    public string CommitWithoutPlayers(string maxDuration, string message)
    {
        var local = Path.Combine(Root, "pipelines", "environments", "local.yaml");
        var text = File.ReadAllText(local);
        File.WriteAllText(local, text[..text.IndexOf("hooks:", StringComparison.Ordinal)]);
        File.WriteAllText(Path.Combine(Root, "pipelines", "lobby.yaml"), Pipeline(maxDuration));
        var commit = CommitFaults(null, message);
        File.WriteAllText(local, text);
        File.WriteAllText(Path.Combine(Root, "pipelines", "lobby.yaml"), Pipeline());
        Commit("Players and the usual analysis back");
        return commit;
    }

    /// <summary>
    /// A good release whose pipeline judges health only (no analysis, no hooks): promoted in seconds, for tests about
    /// what comes after a promotion. <paramref name="env"/> adds an environment variable to the Marathon template.
    /// </summary>
    public string CommitQuick(string message, string? env = null)
    {
        var pipeline = Path.Combine(Root, "pipelines", "lobby.yaml");
        var template = Path.Combine(Root, "pipelines", "marathon", "lobby.json");
        var (pipelineText, templateText) = (File.ReadAllText(pipeline), File.ReadAllText(template));
        File.WriteAllText(pipeline, pipelineText[..pipelineText.IndexOf("analysis:", StringComparison.Ordinal)]);
        if (env is not null) File.WriteAllText(template, templateText.Replace("\"ASPNETCORE_ENVIRONMENT\": \"Production\"", $"\"ASPNETCORE_ENVIRONMENT\": \"Production\", {env}"));
        var commit = CommitFaults(null, message);
        File.WriteAllText(pipeline, pipelineText);
        File.WriteAllText(template, templateText);
        Commit("The usual pipeline back");
        return commit;
    }

    /// <summary>
    /// A good release judged on health only whose plan pauses for a person for at most <paramref name="timeout"/>, then
    /// rolls back (what <c>Reconcile</c> applies).
    /// </summary>
    public string CommitQuickPaused(string message, string timeout)
    {
        var pipeline = Path.Combine(Root, "pipelines", "lobby.yaml");
        var pipelineText = File.ReadAllText(pipeline);
        var quick = pipelineText[..pipelineText.IndexOf("analysis:", StringComparison.Ordinal)];
        File.WriteAllText(pipeline, quick.Replace("    - wait: 5s\n", $"    - pause: {{ reason: approve the lobby, timeout: {timeout}, onTimeout: rollback }}\n"));
        if (File.ReadAllText(pipeline) == quick) throw new InvalidOperationException("the sample plan has no 'wait: 5s' step to replace");
        var commit = CommitFaults(null, message);
        File.WriteAllText(pipeline, pipelineText);
        Commit("The usual pipeline back");
        return commit;
    }

    /// <summary>A commit whose lobby does not compile: its bake fails before anything reaches Marathon.</summary>
    public string CommitBrokenBuild()
    {
        var source = Path.Combine(Root, "src", "Lobby", "Broken.cs");
        File.WriteAllText(source, "this is not C#");
        var commit = Commit("A lobby that does not compile");
        File.Delete(source);
        Commit("Compiles again");
        return commit;
    }

    /// <summary>
    /// Lets the build program run on this clone (as <c>./build.sh</c> would) find the running sandbox where it looks for
    /// its own: <c>.nuke/temp/sandbox</c> links to <paramref name="stateDirectory"/> (its status and ECR keys).
    /// </summary>
    public void LinkSandbox(string stateDirectory)
    {
        var link = Path.Combine(Root, ".nuke", "temp", "sandbox");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (!Path.Exists(link)) Directory.CreateSymbolicLink(link, stateDirectory);
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

using Delivery.Runner;

namespace LocalSandbox;

/// <summary>
/// The sandbox host process (src/Delivery.Sandbox): the Marathon emulator with the Docker task runtime, and the ECR
/// emulator. Ready when /ping answers and it has written status.json.
/// </summary>
public sealed class HostComponent(SandboxLayout layout, string rootDirectory)
{
    public DetachedProcess Process { get; } = new("host", layout);

    private string PingUrl => $"{layout.MarathonUrl}/ping";

    /// <summary>Which build of the host runs: a newer build (after a change to the sandbox) restarts it.</summary>
    private string StampFile => Path.Combine(layout.PidDirectory, "host.build");

    public async Task<HostStatus> EnsureRunningAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        var dll = await LocateAsync(log, cancellationToken);
        string[] arguments =
        [
            "--state-dir", layout.StateDirectory,
            "--marathon-port", layout.Ports.Marathon.ToString(),
            "--ecr-port", layout.Ports.Ecr.ToString(),
            "--ecr-registry-port", layout.Ports.EcrRegistry.ToString(),
            "--registry", layout.RegistryUrl,
            "--prometheus", layout.PrometheusUrl,
            "--runtime", "docker",
            "--sandbox-id", layout.SandboxId,
        ];
        // Another build or other arguments (ports) mean another host: restart it.
        var stamp = $"{dll} {File.GetLastWriteTimeUtc(dll):O} {string.Join(' ', arguments)}";
        var sameBuild = File.Exists(StampFile) && await File.ReadAllTextAsync(StampFile, cancellationToken) == stamp;
        if (sameBuild && Process.IsRunning && HostStatus.TryRead(layout.StatusFile) is { } current && current.Pid == Process.Pid
            && await Readiness.AnswersAsync(PingUrl, cancellationToken))
            return current;
        if (Process.IsRunning)
        {
            log.Information(sameBuild ? "Restarting the sandbox host: it does not answer" : "Restarting the sandbox host: it was rebuilt or its settings changed");
            await Process.StopAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        File.Delete(layout.StatusFile);

        await Process.StartAsync(ProcessRunner.Which("dotnet") ?? "dotnet", [CopyOfBuild(dll), .. arguments], cancellationToken);
        await File.WriteAllTextAsync(StampFile, stamp, cancellationToken);
        await Readiness.WaitAsync(Process, PingUrl, TimeSpan.FromSeconds(60), cancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HostStatus? status;
        while ((status = HostStatus.TryRead(layout.StatusFile)) is null)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Tried to start the sandbox host but it answered /ping without writing {layout.StatusFile}; its log ends with:\n{Process.LogTail()}");
            await Task.Delay(100, cancellationToken);
        }
        log.Information($"Marathon emulator: {status.Marathon.Url} ({status.Agents.Count} agents in {status.Agents.Select(a => a.Zone).Distinct().Count()} zones, {status.Runtime} runtime)");
        return status;
    }

    /// <summary>
    /// The host runs from a copy of its build output in the state folder, so that rebuilding the solution while the
    /// sandbox is up never overwrites an assembly a running process has mapped.
    /// </summary>
    private string CopyOfBuild(string dll)
    {
        var source = Path.GetDirectoryName(dll)!;
        var target = Path.Combine(layout.StateDirectory, "host-bin");
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return Path.Combine(target, Path.GetFileName(dll));
    }

    /// <summary>The host's dll: the newest build output (Debug or Release), else built now in Debug.</summary>
    private async Task<string> LocateAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        var project = Path.Combine(rootDirectory, "src", "Delivery.Sandbox");
        var candidates = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(project, "bin", c, "net10.0", "Delivery.Sandbox.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .ToList();
        if (candidates.Count > 0)
            return candidates[0];
        log.Information("Building the sandbox host (src/Delivery.Sandbox)");
        await ProcessRunner.RunCheckedAsync("build the sandbox host", "dotnet", ["build", project, "-c", "Debug", "-nologo", "-v", "q"], cancellationToken);
        return Path.Combine(project, "bin", "Debug", "net10.0", "Delivery.Sandbox.dll");
    }
}

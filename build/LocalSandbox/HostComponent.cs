using Delivery.Runner;
using Delivery.Sandbox.Contract;

namespace LocalSandbox;

/// <summary>
/// The sandbox host process (src/Delivery.Sandbox): the Marathon emulator with the Docker task runtime, and the ECR
/// emulator. Ready when /ping answers and it has written status.json.
/// It is a build dependency of the build program (a ProjectReference in build/_build.csproj, watched by build.sh), so
/// its dll sits beside the build program's and a change to src/Delivery.Sandbox reaches the next Sandbox or Deploy.
/// </summary>
public sealed class HostComponent(SandboxLayout layout)
{
    /// <summary>The host built with this build program: its output folder is the build program's own.</summary>
    public static string BuiltDll => Path.Combine(AppContext.BaseDirectory, "Delivery.Sandbox.dll");

    public DetachedProcess Process { get; } = new("host", layout);

    private string PingUrl => $"{layout.MarathonUrl}/ping";

    /// <summary>Which build of the host runs: a newer build (after a change to the sandbox) restarts it.</summary>
    private string StampFile => Path.Combine(layout.PidDirectory, "host.build");

    public async Task<SandboxStatus> EnsureRunningAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        var dll = BuiltDll;
        if (!File.Exists(dll))
            throw new InvalidOperationException($"Tried to start the sandbox host but {dll} is missing; run ./build.sh, which builds it with the build program");
        // The host listens on its default ports, the sandbox's fixed ones (SandboxPorts).
        string[] arguments =
        [
            "--state-dir", layout.StateDirectory,
            "--registry", layout.RegistryUrl,
            "--prometheus", layout.PrometheusUrl,
            "--runtime", "docker",
            "--sandbox-id", layout.SandboxId,
        ];
        // Another build or other arguments mean another host: restart it.
        var stamp = $"{dll} {File.GetLastWriteTimeUtc(dll):O} {string.Join(' ', arguments)}";
        var sameBuild = File.Exists(StampFile) && await File.ReadAllTextAsync(StampFile, cancellationToken) == stamp;
        if (sameBuild && Process.IsRunning && SandboxStatus.TryRead(layout.StatusFile) is { } current && current.Pid == Process.Pid
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
        SandboxStatus? status;
        while ((status = SandboxStatus.TryRead(layout.StatusFile)) is null)
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Tried to start the sandbox host but it answered /ping without writing {layout.StatusFile}; its log ends with:\n{Process.LogTail()}");
            await Task.Delay(100, cancellationToken);
        }
        log.Information($"Marathon emulator: {status.Marathon.Url} ({status.Agents.Count} agents in {status.Agents.Select(a => a.Zone).Distinct().Count()} zones, {status.Runtime} runtime)");
        return status;
    }

    /// <summary>
    /// The host runs from a copy of its files in the state folder, so that rebuilding the build program while the
    /// sandbox is up never overwrites an assembly a running process has mapped.
    /// </summary>
    private string CopyOfBuild(string dll)
    {
        var source = Path.GetDirectoryName(dll)!;
        var target = Path.Combine(layout.StateDirectory, "host-bin");
        if (Directory.Exists(target))
            Directory.Delete(target, recursive: true);
        foreach (var file in HostFiles.Of(dll))
        {
            var copy = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(Path.Combine(source, file), copy);
        }
        return Path.Combine(target, Path.GetFileName(dll));
    }
}

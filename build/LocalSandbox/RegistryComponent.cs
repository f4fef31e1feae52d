using Delivery.Runner;

namespace LocalSandbox;

/// <summary>Debian's docker-registry (distribution 2.8) on loopback, storing blobs in the state folder.</summary>
public sealed class RegistryComponent(SandboxLayout layout)
{
    public DetachedProcess Process { get; } = new("registry", layout);

    private string ConfigFile => Path.Combine(layout.RegistryDirectory, "config.yml");
    private string ReadyUrl => $"{layout.RegistryUrl}/v2/";

    public async Task EnsureRunningAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        if (Process.IsRunning && await Readiness.AnswersAsync(ReadyUrl, cancellationToken))
            return;
        await File.WriteAllTextAsync(ConfigFile, Config(), cancellationToken);
        await Process.StartAsync(ProcessRunner.Which("docker-registry") ?? "docker-registry", ["serve", ConfigFile], cancellationToken);
        await Readiness.WaitAsync(Process, ReadyUrl, TimeSpan.FromSeconds(20), cancellationToken);
        log.Information($"Registry: {layout.RegistryUrl} (storage {Path.Combine(layout.RegistryDirectory, "data")})");
    }

    // Deletes are enabled so that the ECR emulator can implement BatchDeleteImage on top.
    private string Config() => $"""
        version: 0.1
        log:
          level: info
          formatter: text
        storage:
          filesystem:
            rootdirectory: {Path.Combine(layout.RegistryDirectory, "data")}
          delete:
            enabled: true
        http:
          addr: {layout.RegistryAddress}
          headers:
            X-Content-Type-Options: [nosniff]
        """;
}

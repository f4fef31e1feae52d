using Delivery.Sandbox.Contract;

namespace LocalSandbox;

/// <summary>
/// Where the sandbox keeps its state: one folder (default <c>.nuke/temp/sandbox</c>) with pid files, logs,
/// configuration, registry blobs and Prometheus data, so that <c>SandboxDown</c> can stop exactly what
/// <c>Sandbox</c> started and a test can find the endpoints without being told. The ports are the sandbox's fixed
/// ones (<see cref="SandboxPorts"/>), the ones the local environment names.
/// </summary>
public sealed record SandboxLayout(string StateDirectory)
{
    public string PidDirectory => Path.Combine(StateDirectory, "pids");
    public string LogDirectory => Path.Combine(StateDirectory, "logs");
    public string RegistryDirectory => Path.Combine(StateDirectory, "registry");
    public string PrometheusDirectory => Path.Combine(StateDirectory, "prometheus");
    public string BaseImageDirectory => Path.Combine(StateDirectory, "base-image");

    /// <summary>Written by the sandbox host: its endpoints, agents and credentials.</summary>
    public string StatusFile => SandboxStatus.PathIn(StateDirectory);

    public string MarathonUrl => SandboxPorts.Url(SandboxPorts.Marathon);
    public string RegistryAddress => SandboxPorts.Address(SandboxPorts.Registry);
    public string RegistryUrl => SandboxPorts.Url(SandboxPorts.Registry);
    public string PrometheusAddress => SandboxPorts.Address(SandboxPorts.Prometheus);
    public string PrometheusUrl => SandboxPorts.Url(SandboxPorts.Prometheus);
    public string PushgatewayAddress => SandboxPorts.Address(SandboxPorts.Pushgateway);
    public string PushgatewayUrl => SandboxPorts.Url(SandboxPorts.Pushgateway);

    /// <summary>
    /// Value of the <c>delivery.sandbox</c> label on this sandbox's containers, derived from its state folder, so that
    /// a second sandbox (another --sandbox-dir) never removes the first one's containers.
    /// </summary>
    public string SandboxId => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(StateDirectory)))[..10];

    public string PidFile(string component) => Path.Combine(PidDirectory, component + ".pid");
    public string LogFile(string component) => Path.Combine(LogDirectory, component + ".log");

    public void Create()
    {
        foreach (var directory in new[] { StateDirectory, PidDirectory, LogDirectory, RegistryDirectory, PrometheusDirectory })
            Directory.CreateDirectory(directory);
    }
}

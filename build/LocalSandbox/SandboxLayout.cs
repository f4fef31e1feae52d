namespace LocalSandbox;

/// <summary>Fixed ports of the sandbox, chosen above the usual service ports so they collide with nothing common.</summary>
public sealed record SandboxPorts(int Marathon = 18080, int Registry = 15000, int Prometheus = 19090, int Ecr = 18443, int EcrRegistry = 18444, int Pushgateway = 19091);

/// <summary>
/// Where the sandbox keeps its state: one folder (default <c>.nuke/temp/sandbox</c>) with pid files, logs,
/// configuration, registry blobs and Prometheus data, so that <c>SandboxDown</c> can stop exactly what
/// <c>Sandbox</c> started and a test can find the endpoints without being told.
/// </summary>
public sealed record SandboxLayout(string StateDirectory, SandboxPorts Ports)
{
    public const string Loopback = "127.0.0.1";

    public string PidDirectory => Path.Combine(StateDirectory, "pids");
    public string LogDirectory => Path.Combine(StateDirectory, "logs");
    public string RegistryDirectory => Path.Combine(StateDirectory, "registry");
    public string PrometheusDirectory => Path.Combine(StateDirectory, "prometheus");
    public string BaseImageDirectory => Path.Combine(StateDirectory, "base-image");

    /// <summary>Written by the sandbox host: its endpoints, agents and credentials.</summary>
    public string StatusFile => Path.Combine(StateDirectory, "status.json");

    public string MarathonUrl => $"http://{Loopback}:{Ports.Marathon}";
    public string RegistryAddress => $"{Loopback}:{Ports.Registry}";
    public string RegistryUrl => $"http://{RegistryAddress}";
    public string PrometheusUrl => $"http://{Loopback}:{Ports.Prometheus}";
    public string EcrUrl => $"http://{Loopback}:{Ports.Ecr}";
    public string PushgatewayAddress => $"{Loopback}:{Ports.Pushgateway}";
    public string PushgatewayUrl => $"http://{PushgatewayAddress}";

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

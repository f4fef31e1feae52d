namespace Delivery.Sandbox.Contract;

/// <summary>
/// Where the local sandbox listens: fixed loopback ports, chosen above the usual service ports so that they collide
/// with nothing common. The build program starts each component on its port, the host defaults to its own, and
/// pipelines/environments/local.yaml names the same URLs (a test in Delivery.Sandbox.Tests holds them equal).
/// </summary>
public static class SandboxPorts
{
    public const string Loopback = "127.0.0.1";

    /// <summary>The Marathon emulator (the sandbox host).</summary>
    public const int Marathon = 18080;

    /// <summary>Debian's docker-registry, behind the ECR emulator.</summary>
    public const int Registry = 15000;

    public const int Prometheus = 19090;

    /// <summary>The Pushgateway that Deploy, Promote and Rollback push their delivery metrics to.</summary>
    public const int Pushgateway = 19091;

    /// <summary>The ECR emulator's JSON 1.1 API (the sandbox host).</summary>
    public const int Ecr = 18443;

    /// <summary>The ECR emulator's registry endpoint (proxyEndpoint), in front of <see cref="Registry"/>.</summary>
    public const int EcrRegistry = 18444;

    /// <summary>host:port on loopback, as an image name or a listen address starts.</summary>
    public static string Address(int port) => $"{Loopback}:{port}";

    public static string Url(int port) => $"http://{Address(port)}";
}

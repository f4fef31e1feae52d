using Delivery.Sandbox.Contract;

namespace Delivery.Sandbox.Ecr;

/// <summary>How the ECR emulator presents itself. Every address is loopback.</summary>
public sealed record EcrEmulatorOptions
{
    public string AccountId { get; init; } = "000000000000";
    public string Region { get; init; } = "us-east-1";

    /// <summary>The sandbox's own test key pair. Requests signed with anything else are refused, as AWS would.</summary>
    public string AccessKeyId { get; init; } = "SANDBOXTESTKEY000001";
    public string SecretAccessKey { get; init; } = "sandbox/test/secret/not-for-aws/00000000";

    /// <summary>Port of the JSON 1.1 API (the <c>ecr.endpoint</c> of the local environment).</summary>
    public int ApiPort { get; init; } = SandboxPorts.Ecr;

    /// <summary>Port of the registry endpoint (<c>proxyEndpoint</c>), the reverse proxy in front of docker-registry.</summary>
    public int RegistryPort { get; init; } = SandboxPorts.EcrRegistry;

    /// <summary>The real registry (Debian's docker-registry) that stores blobs and manifests.</summary>
    public Uri Backend { get; init; } = new(SandboxPorts.Url(SandboxPorts.Registry) + "/");

    /// <summary>Lifetime of registry tokens; ECR's is 12 h, tests shorten it to watch one expire.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How far a request's <c>X-Amz-Date</c> may be from now (AWS allows 15 minutes in the past and future).</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>File holding repositories and images across restarts, or null to keep them in memory only.</summary>
    public string? StateFile { get; init; }

    public Uri ApiEndpoint => new(SandboxPorts.Url(ApiPort) + "/");
    public Uri RegistryEndpoint => new(SandboxPorts.Url(RegistryPort));
    public string RegistryHost => SandboxPorts.Address(RegistryPort);
}

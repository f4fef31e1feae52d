using Delivery.Core.Pipelines;
using Delivery.Ecr;
using Delivery.Sandbox.Contract;

namespace LocalSandbox;

/// <summary>
/// The local sandbox's own test keys for its ECR emulator, from its status.json. They are not AWS keys and only ever
/// go to 127.0.0.1; any other environment uses the AWS SDK's chain (environment, profile, container and instance roles).
/// </summary>
public static class SandboxCredentials
{
    public static IAwsCredentialSource? For(DeliveryEnvironment environment, SandboxLayout layout) =>
        environment.Sandbox && SandboxStatus.TryRead(layout.StatusFile)?.Ecr is { Username: { Length: > 0 } key, Password: { Length: > 0 } secret }
            ? new StaticCredentialSource(key, secret)
            : null;
}

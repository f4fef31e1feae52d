using Microsoft.AspNetCore.Builder;

namespace Delivery.Sandbox.Host;

/// <summary>
/// The place of the ECR emulator in the host (src/Delivery.Sandbox/Ecr): its services, its endpoints, and the
/// endpoint that status.json publishes as <c>ecr</c> (URL, region and the sandbox's test credentials).
/// Until it is wired, the sandbox reports <c>"ecr": null</c>.
/// </summary>
public static class EcrWiring
{
    public static SandboxStatus.Endpoint? Add(WebApplicationBuilder builder, SandboxOptions options) => null;

    public static void Map(WebApplication app)
    {
    }
}

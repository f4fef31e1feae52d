using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Ecr;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Delivery.Sandbox.Host;

/// <summary>
/// The ECR emulator inside the sandbox host: its JSON 1.1 API and its registry endpoint on their own ports, in front
/// of the sandbox's docker-registry; and the pull credentials the Docker runtime needs for images it stores.
/// </summary>
public static class EcrWiring
{
    public static EcrEmulatorOptions Options(SandboxOptions options)
    {
        var ecr = new EcrEmulatorOptions
        {
            ApiPort = options.EcrPort,
            RegistryPort = options.EcrRegistryPort,
            StateFile = Path.Combine(options.StateDirectory, "ecr-state.json"),
        };
        return options.Registry is { } registry ? ecr with { Backend = registry } : ecr;
    }

    public static SandboxStatus.Endpoint Add(WebApplicationBuilder builder, EcrEmulatorOptions ecr)
    {
        builder.Services.AddEcrEmulator(ecr);
        // The sandbox's own test key pair: published in status.json so that the local environment can sign requests.
        return new SandboxStatus.Endpoint(ecr.ApiEndpoint.ToString().TrimEnd('/'), ecr.AccessKeyId, ecr.SecretAccessKey, ecr.Region)
        {
            RegistryUrl = ecr.RegistryEndpoint.ToString().TrimEnd('/'),
            AccountId = ecr.AccountId,
        };
    }

    public static void Map(WebApplication app)
    {
        app.MapEcrApi();
        app.MapEcrRegistry();
    }

    /// <summary>
    /// What a Docker pull of <paramref name="image"/> presents: a fresh ECR token (user AWS) when the image lives in the
    /// emulated ECR registry, as a Mesos agent would after get-login; nothing for any other registry.
    /// </summary>
    public static AuthConfig? PullAuth(IServiceProvider services, string image)
    {
        var ecr = services.GetRequiredService<EcrEmulatorOptions>();
        if (!image.StartsWith(ecr.RegistryHost + "/", StringComparison.Ordinal))
            return null;
        var (password, _) = services.GetRequiredService<EcrState>().IssueToken();
        return new AuthConfig { Username = "AWS", Password = password, ServerAddress = ecr.RegistryHost };
    }
}

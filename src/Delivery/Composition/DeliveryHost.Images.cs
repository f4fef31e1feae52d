using Delivery.Docker;
using Delivery.Ecr;
using Delivery.Images;

namespace Delivery.Composition;

/// <summary>
/// ECR and the Docker engine, for Bake, Push, Deploy's image step and Rollback's registry check: each client made on
/// first use, once, and every ECR client signing with the same credentials.
/// </summary>
public sealed partial class DeliveryHost
{
    private IEcrRegistry? _registry;
    private IEcrRegistry? _rollbackRegistry;
    private BakeAndPushUseCase? _releaser;
    private readonly Lock _images = new();

    /// <summary>ECR's control plane for Bake and Push. Its calls are small: blobs go through the Docker engine, not this client.</summary>
    public IEcrRegistry Registry
    {
        get { lock (_images) return _registry ??= CreateRegistry(TimeSpan.FromSeconds(60)); }
    }

    /// <summary>ECR for a Rollback's one question (is the image to restore still there?), on an incident's critical
    /// path: each try gets 30 s, not a bake's 60.</summary>
    private IEcrRegistry RollbackRegistry
    {
        get { lock (_images) return _rollbackRegistry ??= CreateRegistry(TimeSpan.FromSeconds(30)); }
    }

    private EcrRegistry CreateRegistry(TimeSpan timeout)
    {
        var http = Own(new HttpClient { Timeout = timeout });
        return new EcrRegistry(new EcrApiClient(http, Environment.Ecr, Credentials(), Options.Time), Options.Time);
    }

    /// <summary>Bake and push through the Docker engine, pinned by digest through ECR.</summary>
    public BakeAndPushUseCase Releaser
    {
        get
        {
            var registry = Registry;
            lock (_images)
            {
                if (_releaser is not null) return _releaser;
                var docker = Own(DockerClientFactory.Connect());
                return _releaser = new BakeAndPushUseCase(Git, registry, new DockerImageBuilder(docker), new DockerImagePusher(docker), Options.Time);
            }
        }
    }

    /// <summary>The keys to sign with: what the build program supplies (the sandbox's test keys for the local
    /// environment), else the SDK's default chain or the environment's profile.</summary>
    private IAwsCredentialSource Credentials() =>
        Options.Credentials?.Invoke(Environment) ?? new SdkCredentialSource(Environment.Ecr.Profile, Environment.Ecr.Region);
}

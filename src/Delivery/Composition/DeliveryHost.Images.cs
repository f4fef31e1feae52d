using Delivery.Docker;
using Delivery.Ecr;
using Delivery.Images;

namespace Delivery.Composition;

/// <summary>
/// ECR and the Docker engine, for Bake, Push, Deploy's image step and Rollback's registry check: each connected on
/// first use, once, with the same credentials.
/// </summary>
public sealed partial class DeliveryHost
{
    private IEcrRegistry? _registry;
    private BakeAndPushUseCase? _releaser;
    private readonly Lock _images = new();

    /// <summary>ECR's control plane. Its calls are small: blobs go through the Docker engine, not this client.</summary>
    public IEcrRegistry Registry
    {
        get
        {
            lock (_images)
            {
                if (_registry is not null) return _registry;
                var http = Own(new HttpClient { Timeout = TimeSpan.FromSeconds(60) });
                return _registry = new EcrRegistry(new EcrApiClient(http, Environment.Ecr, Credentials(), Options.Time), Options.Time);
            }
        }
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

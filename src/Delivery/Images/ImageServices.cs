using Delivery.Core.Pipelines;
using Delivery.Docker;
using Delivery.Ecr;
using Delivery.Git;

namespace Delivery.Images;

/// <summary>
/// Wires the bake-and-push use case to the real adapters (Docker engine, ECR over HTTP, git) for one environment.
/// Owns the Docker and HTTP connections it opens; dispose it when the run ends.
/// </summary>
public sealed class ImageServices : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public BakeAndPushUseCase Releaser { get; }
    public IEcrRegistry Ecr { get; }

    /// <param name="credentials">The keys to sign with: the sandbox's test keys for the local environment, else the SDK's chain.</param>
    public ImageServices(DeliveryEnvironment environment, IAwsCredentialSource credentials, TimeProvider time, IGitRepository? git = null)
    {
        var docker = DockerClientFactory.Connect();
        _owned.Add(docker);
        // Control-plane calls are small; blobs go through the engine, not this client.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _owned.Add(http);
        Ecr = new EcrRegistry(new EcrApiClient(http, environment.Ecr, credentials, time), time);
        Releaser = new BakeAndPushUseCase(git ?? new LibGit2Repository(), Ecr, new DockerImageBuilder(docker), new DockerImagePusher(docker), time);
    }

    /// <summary>The SDK's default chain (or the environment's profile) for a real AWS environment.</summary>
    public static IAwsCredentialSource DefaultCredentials(DeliveryEnvironment environment) =>
        new SdkCredentialSource(environment.Ecr.Profile, environment.Ecr.Region);

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        _owned.Clear();
    }
}

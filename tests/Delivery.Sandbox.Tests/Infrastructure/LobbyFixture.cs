using Docker.DotNet;

namespace Delivery.Sandbox.Tests.Infrastructure;

/// <summary>Shared by the Docker tests: the running sandbox, a Docker client and the good lobby image in its registry.</summary>
public sealed class LobbyFixture : IAsyncLifetime
{
    public SandboxEndpoints Sandbox { get; private set; } = null!;
    public DockerClient Docker { get; } = DockerClients.Create();
    public LobbyImages Images { get; private set; } = null!;
    public string GoodImage { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxEndpoints.RequireAsync();
        Images = new LobbyImages(Docker, Sandbox.RegistryAddress);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        GoodImage = await Images.GoodAsync(timeout.Token);
    }

    public Task DisposeAsync()
    {
        Docker.Dispose();
        return Task.CompletedTask;
    }
}

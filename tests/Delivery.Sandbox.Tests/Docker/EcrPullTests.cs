using System.Text.Json.Nodes;
using Delivery.Sandbox.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Delivery.Sandbox.Tests.Docker;

/// <summary>An image pushed to the ECR emulator and deployed by digest: the Docker runtime pulls it with a token ECR issued.</summary>
[Collection(SandboxMarathonCollection.Name)]
[Trait("Category", "Docker")]
public sealed class EcrPullTests(LobbyFixture lobby) : SandboxMarathonTest(lobby)
{
    [Fact]
    public async Task ImageInEcr_DeployedByDigestWithForcePull_IsPulledWithAnIssuedTokenAndRunsHealthy()
    {
        Assert.NotNull(Lobby.Sandbox.Ecr);
        using var ecr = new EcrTestClient(Lobby.Sandbox.Ecr);
        var repository = $"sandbox-tests/ecr-lobby-{Guid.NewGuid().ToString("n")[..8]}";
        await ecr.CallAsync("CreateRepository", new JsonObject { ["repositoryName"] = repository }, Timeout);
        string? image = null;
        try
        {
            var digest = await PushAsync(ecr, repository);
            image = $"{ecr.RegistryHost}/{repository}@{digest}";
            var id = LobbyApps.NewId("ecr");
            Track(id);
            var definition = LobbyApps.Definition(id, image, instances: 1);
            definition["container"]!["docker"]!["forcePullImage"] = true;

            await Marathon.CreateAsync(definition, Timeout);

            var app = await WaitHealthyAsync(id, 1);
            Assert.Equal(image, app.GetProperty("container").GetProperty("docker").GetProperty("image").GetString());
        }
        finally
        {
            // The pull left a name for the repository in the local engine; the image itself stays (it is the good lobby).
            if (image is not null)
                await ForgetAsync(image);
            await ecr.CallAsync("DeleteRepository", new JsonObject { ["repositoryName"] = repository, ["force"] = true }, CancellationToken.None);
        }
    }

    private async Task ForgetAsync(string image)
    {
        try
        {
            await Lobby.Docker.Images.DeleteImageAsync(image, new ImageDeleteParameters(), CancellationToken.None);
        }
        catch (global::Docker.DotNet.DockerApiException)
        {
            // Never pulled (the test failed earlier) or already gone.
        }
    }

    /// <summary>Pushes the good lobby image with ECR credentials, then forgets the local name so a deploy must pull.</summary>
    private async Task<string> PushAsync(EcrTestClient ecr, string repository)
    {
        var auth = new AuthConfig { Username = "AWS", Password = await ecr.RegistryPasswordAsync(Timeout), ServerAddress = ecr.RegistryHost };
        var name = $"{ecr.RegistryHost}/{repository}";
        await Lobby.Docker.Images.TagImageAsync(Lobby.GoodImage, new ImageTagParameters { RepositoryName = name, Tag = "v1" }, Timeout);
        string? error = null;
        await Lobby.Docker.Images.PushImageAsync(name, new ImagePushParameters { Tag = "v1" }, auth, new Progress<JSONMessage>(m => error ??= m.Error?.Message), Timeout);
        await Lobby.Docker.Images.DeleteImageAsync($"{name}:v1", new ImageDeleteParameters(), Timeout);
        Assert.Null(error);
        var described = await ecr.CallAsync("DescribeImages", new JsonObject { ["repositoryName"] = repository }, Timeout);
        return described.GetProperty("imageDetails")[0].GetProperty("imageDigest").GetString()!;
    }
}

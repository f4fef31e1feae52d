using System.Net;
using System.Text;

namespace Delivery.Sandbox.Tests.Ecr;

public class RegistryProxyAuthTests
{
    [Fact]
    public async Task VersionCheck_NoCredentials_401WithBasicChallenge()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        using var response = await ecr.RegistryAsync(HttpMethod.Get, "/v2/", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic realm=", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-Api-Version").Single());
    }

    [Fact]
    public async Task VersionCheck_TokenNotIssuedByApi_401()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:made-up"));

        using var response = await ecr.RegistryAsync(HttpMethod.Get, "/v2/", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task VersionCheck_IssuedToken_200()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        using var response = await ecr.RegistryAsync(HttpMethod.Get, "/v2/", await ecr.TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task VersionCheck_TokenPastExpiry_403Denied()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync(tokenLifetime: TimeSpan.FromMinutes(1));
        var token = await ecr.TokenAsync();

        ecr.Time.Advance(TimeSpan.FromMinutes(1));
        using var response = await ecr.RegistryAsync(HttpMethod.Get, "/v2/", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"DENIED\"", body);
        Assert.Contains("expired", body);
    }

    [Fact]
    public async Task Upload_RepositoryNotCreatedThroughApi_NameUnknown()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        using var response = await ecr.RegistryAsync(HttpMethod.Post, "/v2/no-such-repo/blobs/uploads/", await ecr.TokenAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"NAME_UNKNOWN\"", body);
        Assert.Contains("The repository with name 'no-such-repo' does not exist", body);
    }

    [Fact]
    public async Task Upload_ImageStoreDown_503Unavailable()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync(); // its backend address has nothing listening
        await ecr.CallAsync("CreateRepository", new { repositoryName = "games/lobby" });

        using var response = await ecr.RegistryAsync(HttpMethod.Post, "/v2/games/lobby/blobs/uploads/", await ecr.TokenAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"UNAVAILABLE\"", await response.Content.ReadAsStringAsync());
    }
}

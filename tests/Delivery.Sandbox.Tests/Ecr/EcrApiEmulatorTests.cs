using System.Text;

namespace Delivery.Sandbox.Tests.Ecr;

public class EcrApiEmulatorTests
{
    [Fact]
    public async Task CreateRepository_NamespacedName_ReturnsDocumentedShape()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("CreateRepository", new { repositoryName = "project-a/nginx-web-app" });

        Assert.Equal(200, status);
        var repository = body["repository"]!;
        Assert.Equal($"arn:aws:ecr:us-east-1:{ecr.Options.AccountId}:repository/project-a/nginx-web-app", repository["repositoryArn"]!.GetValue<string>());
        Assert.Equal("MUTABLE", repository["imageTagMutability"]!.GetValue<string>());
        Assert.Equal($"{ecr.Options.RegistryHost}/project-a/nginx-web-app", repository["repositoryUri"]!.GetValue<string>());
        Assert.True(repository["createdAt"]!.GetValue<double>() > 1_600_000_000);
    }

    [Fact]
    public async Task CreateRepository_Twice_RepositoryAlreadyExists400()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();
        await ecr.CallAsync("CreateRepository", new { repositoryName = "delivery/web" });

        var (status, body) = await ecr.CallAsync("CreateRepository", new { repositoryName = "delivery/web" });

        Assert.Equal(400, status);
        Assert.Equal("RepositoryAlreadyExistsException", body["__type"]!.GetValue<string>());
        Assert.Equal($"The repository with name 'delivery/web' already exists in the registry with id '{ecr.Options.AccountId}'", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeRepositories_UnknownName_RepositoryNotFound()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("DescribeRepositories", new { repositoryNames = new[] { "does-not-exist" } });

        Assert.Equal(400, status);
        Assert.Equal("RepositoryNotFoundException", body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeRepositories_EmptyInput_ListsAll()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();
        await ecr.CallAsync("CreateRepository", new { repositoryName = "ubuntu" });
        await ecr.CallAsync("CreateRepository", new { repositoryName = "test" });

        var (_, body) = await ecr.CallAsync("DescribeRepositories", new { });

        Assert.Equal(["test", "ubuntu"], body["repositories"]!.AsArray().Select(r => r!["repositoryName"]!.GetValue<string>()));
        Assert.Null(body["nextToken"]);
    }

    [Fact]
    public async Task PutImageTagMutability_Immutable_ShowsInDescribe()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();
        await ecr.CallAsync("CreateRepository", new { repositoryName = "games/lobby" });

        var (status, _) = await ecr.CallAsync("PutImageTagMutability", new { repositoryName = "games/lobby", imageTagMutability = "IMMUTABLE" });
        var (_, body) = await ecr.CallAsync("DescribeRepositories", new { repositoryNames = new[] { "games/lobby" } });

        Assert.Equal(200, status);
        Assert.Equal("IMMUTABLE", body["repositories"]![0]!["imageTagMutability"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetAuthorizationToken_Always_BasicAwsTokenTwelveHoursAndProxyEndpoint()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (_, body) = await ecr.CallAsync("GetAuthorizationToken", new { });

        var data = body["authorizationData"]![0]!;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(data["authorizationToken"]!.GetValue<string>()));
        Assert.StartsWith("AWS:", decoded);
        var expected = ecr.Time.GetUtcNow().AddHours(12).ToUnixTimeSeconds();
        Assert.Equal(expected, (long)data["expiresAt"]!.GetValue<double>());
        Assert.Equal(ecr.Options.RegistryEndpoint.ToString().TrimEnd('/'), data["proxyEndpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_Unsigned_MissingAuthenticationToken()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("DescribeRepositories", new { }, sign: false);

        Assert.Equal(400, status);
        Assert.Equal("MissingAuthenticationTokenException", body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_UnknownAccessKey_UnrecognizedClient400()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("DescribeRepositories", new { }, accessKey: "AKIAOTHER");

        Assert.Equal(400, status);
        Assert.Equal("UnrecognizedClientException", body["__type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("content-type;host;x-amz-date", "X-Amz-Target")]
    [InlineData("content-type;host;x-amz-target", "X-Amz-Date")]
    public async Task Call_RequiredHeaderNotSigned_InvalidSignature403(string signedHeaders, string unsigned)
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("DescribeRepositories", new { }, signedHeaders: signedHeaders);

        Assert.Equal(403, status);
        Assert.Equal("InvalidSignatureException", body["__type"]!.GetValue<string>());
        Assert.Equal($"'{unsigned}' must be a signed header.", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_WrongSecret_InvalidSignature403()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("DescribeRepositories", new { }, secret: "not-the-secret");

        Assert.Equal(403, status);
        Assert.Equal("InvalidSignatureException", body["__type"]!.GetValue<string>());
        Assert.StartsWith("The request signature we calculated does not match", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_WrongRegion_InvalidSignatureNamingRegion()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("DescribeRepositories", new { }, region: "eu-west-1");

        Assert.Equal(403, status);
        Assert.Contains("'eu-west-1'", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Call_UnknownTarget_UnknownOperation400()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("StartLifecyclePolicyPreview", new { });

        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", body["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchGetImage_MissingTag_ReportedInFailures()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();
        await ecr.CallAsync("CreateRepository", new { repositoryName = "delivery/web" });

        var (status, body) = await ecr.CallAsync("BatchGetImage", new { repositoryName = "delivery/web", imageIds = new[] { new { imageTag = "nope" } } });

        Assert.Equal(200, status);
        Assert.Empty(body["images"]!.AsArray());
        Assert.Equal("ImageNotFound", body["failures"]![0]!["failureCode"]!.GetValue<string>());
        Assert.Equal("Requested image not found", body["failures"]![0]!["failureReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeImages_MissingTag_ImageNotFoundWithAwsWording()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();
        await ecr.CallAsync("CreateRepository", new { repositoryName = "delivery/web" });

        var (status, body) = await ecr.CallAsync("DescribeImages", new { repositoryName = "delivery/web", imageIds = new[] { new { imageTag = "nope" } } });

        Assert.Equal(400, status);
        Assert.Equal("ImageNotFoundException", body["__type"]!.GetValue<string>());
        Assert.Equal($"The image with imageId {{imageDigest:'null', imageTag:'nope'}} does not exist within the repository with name 'delivery/web' in the registry with id '{ecr.Options.AccountId}'", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateRepository_NameOfWrongJsonType_SerializationException400()
    {
        await using var ecr = await EcrEmulatorFixture.StartAsync();

        var (status, body) = await ecr.CallAsync("CreateRepository", new { repositoryName = 42 });

        Assert.Equal(400, status);
        Assert.Equal("SerializationException", body["__type"]!.GetValue<string>());
    }
}

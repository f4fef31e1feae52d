using System.Net;
using System.Text.Json.Nodes;
using Delivery.Ecr;

namespace Delivery.Tests.Ecr;

public class EcrApiClientTests
{
    [Fact]
    public async Task GetAuthorizationToken_Fixture_SendsJson11RequestAndDecodesLogin()
    {
        var fixture = Fixtures.Load("09-get-authorization-token.json");
        var (client, handler, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, fixture["response"]!["body"]!.ToJsonString()));

        var response = await client.GetAuthorizationTokenAsync(CancellationToken.None);
        var login = RegistryLogin.FromAuthorizationData(response.AuthorizationData[0]);

        var (request, body) = handler.Sent.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal(fixture["request"]!["headers"]!["X-Amz-Target"]!.GetValue<string>(), request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal("{}", body);
        Assert.Equal(fixture["decodedToken"]!.GetValue<string>(), $"{login.Username}:{login.Password}");
        Assert.Equal(fixture["registryBasicAuthHeader"]!.GetValue<string>(), "Basic " + login.BasicHeaderValue);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700043200), login.ExpiresAt);
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com", login.RegistryHost);
        Assert.DoesNotContain(login.Password, login.ToString());
    }

    [Fact]
    public async Task Call_Always_SignsWithSigV4ForEcrInTheRegion()
    {
        var (client, handler, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, """{"repositories":[]}"""));

        await client.DescribeRepositoriesAsync(["games/lobby"], CancellationToken.None);

        var request = handler.Sent.Single().Request;
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261126/us-east-1/ecr/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=", authorization);
        Assert.Equal("20261126T120000Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public async Task CreateRepository_Always_AsksForImmutableTagsAndScanOnPush()
    {
        var fixture = Fixtures.Load("01-example-CreateRepository.json")["CreateRepository"]![0]!;
        var (client, handler, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, fixture["output"]!.ToJsonString()));

        var created = await client.CreateRepositoryAsync("project-a/nginx-web-app", CancellationToken.None);

        var sent = JsonNode.Parse(handler.Sent.Single().Body)!;
        Assert.Equal("project-a/nginx-web-app", sent["repositoryName"]!.GetValue<string>());
        Assert.Equal("IMMUTABLE", sent["imageTagMutability"]!.GetValue<string>());
        Assert.True(sent["imageScanningConfiguration"]!["scanOnPush"]!.GetValue<bool>());
        Assert.Equal("project-a/nginx-web-app", created.Repository.RepositoryName);
        Assert.Equal("arn:aws:ecr:us-west-2:012345678901:repository/project-a/nginx-web-app", created.Repository.RepositoryArn);
    }

    [Fact]
    public async Task DescribeRepositories_FixtureWithoutNextToken_ReadsAllRepositories()
    {
        var fixture = Fixtures.Load("02-example-DescribeRepositories.json")["DescribeRepositories"]![0]!;
        var (client, _, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, fixture["output"]!.ToJsonString()));

        var result = await client.DescribeRepositoriesAsync([], CancellationToken.None);

        Assert.Equal(fixture["output"]!["repositories"]!.AsArray().Count, result.Repositories.Count);
        Assert.Null(result.NextToken);
    }

    [Fact]
    public async Task BatchGetImage_Fixture_ReadsManifestAndDigest()
    {
        var fixture = Fixtures.Load("04-example-BatchGetImage.json")["BatchGetImage"]![0]!;
        var (client, handler, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, fixture["output"]!.ToJsonString()));

        var result = await client.BatchGetImageAsync("ubuntu", [new EcrImageId(ImageTag: "precise")], CancellationToken.None);

        var image = Assert.Single(result.Images);
        Assert.Equal("precise", image.ImageId.ImageTag);
        Assert.StartsWith("sha256:example76bdff", image.ImageId.ImageDigest);
        Assert.StartsWith("{\n \"schemaVersion\": 1", image.ImageManifest);
        Assert.Empty(result.Failures!);
        var sent = JsonNode.Parse(handler.Sent.Single().Body)!;
        Assert.Equal("precise", sent["imageIds"]![0]!["imageTag"]!.GetValue<string>());
        Assert.Null(sent["imageIds"]![0]!["imageDigest"]);
    }

    [Fact]
    public async Task BatchGetImage_MissingTag_ComesBackAsFailureNotException()
    {
        var missing = Fixtures.Load("10-error-bodies.json")["cases"]!.AsArray().First(c => c!["operation"]!.GetValue<string>() == "BatchGetImage")!;
        var (client, _, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, missing["body"]!.ToJsonString()));

        var result = await client.BatchGetImageAsync("delivery/web", [new EcrImageId(ImageTag: "nope")], CancellationToken.None);

        Assert.Empty(result.Images);
        Assert.Equal("ImageNotFound", Assert.Single(result.Failures!).FailureCode);
    }

    [Fact]
    public async Task DescribeImages_RetagFixture_ReadsAllTagsAndEpochPushTime()
    {
        var fixture = Fixtures.Load("07-describe-images-after-retag.json");
        var (client, _, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, fixture.ToJsonString()));

        var result = await client.DescribeImagesAsync("amazonlinux", [new EcrImageId(ImageTag: "latest")], CancellationToken.None);

        var detail = Assert.Single(result.ImageDetails);
        Assert.Equal(["latest", "2017.03"], detail.ImageTags);
        Assert.Equal(1499287667.0, detail.ImagePushedAt);
        Assert.Equal(98755613, detail.ImageSizeInBytes);
    }

    [Fact]
    public async Task Call_ConnectionRefused_ThrowsOneLineNamingTheEndpoint()
    {
        var (client, _, time) = EcrTestClient.Create(_ => throw new HttpRequestException("Connection refused"));

        var error = await Assert.ThrowsAsync<Delivery.Core.DeliveryException>(() =>
            EcrTestClient.RunAdvancing(time, () => client.GetAuthorizationTokenAsync(CancellationToken.None)));

        Assert.Contains("GetAuthorizationToken", error.Message);
        Assert.Contains("127.0.0.1:9", error.Message);
        Assert.Contains("unreachable", error.Message);
    }

    [Fact]
    public void ErrorResponse_HtmlFromAGateway_KeepsStatusAndHeaderType()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway);
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ServiceUnavailable:http://internal");

        var error = EcrApiClient.ToException("PutImage", response, "<html>bad gateway</html>");

        Assert.Equal("ServiceUnavailable", error.ErrorType);
        Assert.Equal(EcrErrorKind.Server, error.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
    }

    [Fact]
    public async Task Call_HttpClientTimesOutEveryTime_OneLineAfterRetries()
    {
        var (client, handler, time) = EcrTestClient.Create(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        var error = await Assert.ThrowsAsync<Delivery.Core.DeliveryException>(() =>
            EcrTestClient.RunAdvancing(time, () => client.DescribeRepositoriesAsync([], CancellationToken.None)));

        Assert.Contains("no answer within", error.Message);
        Assert.Equal(3, handler.Sent.Count);
    }
}

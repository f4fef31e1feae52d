using System.Text.Json.Nodes;
using Delivery.Core;
using Delivery.Ecr;

namespace Delivery.Tests.Ecr;

public class EcrRegistryTests
{
    private static string Target(HttpRequestMessage request) => request.Headers.GetValues("X-Amz-Target").Single().Split('.').Last();

    [Fact]
    public async Task EnsureRepository_Missing_CreatesIt()
    {
        var (client, handler, time) = EcrTestClient.Create(
            _ => ScriptedHandler.Json(400, """{"__type":"RepositoryNotFoundException","message":"The repository with name 'games/lobby' does not exist"}"""),
            _ => ScriptedHandler.Json(200, """{"repository":{"repositoryName":"games/lobby","imageTagMutability":"IMMUTABLE"}}"""));

        await new EcrRegistry(client, time).EnsureRepositoryAsync("games/lobby", CancellationToken.None);

        Assert.Equal(["DescribeRepositories", "CreateRepository"], handler.Sent.Select(s => Target(s.Request)));
    }

    [Fact]
    public async Task EnsureRepository_ExistingMutable_MadeImmutable()
    {
        var (client, handler, time) = EcrTestClient.Create(
            _ => ScriptedHandler.Json(200, """{"repositories":[{"repositoryName":"games/lobby","imageTagMutability":"MUTABLE"}]}"""),
            _ => ScriptedHandler.Json(200, """{"repositoryName":"games/lobby","imageTagMutability":"IMMUTABLE"}"""));

        await new EcrRegistry(client, time).EnsureRepositoryAsync("games/lobby", CancellationToken.None);

        var (request, body) = handler.Sent[1];
        Assert.Equal("PutImageTagMutability", Target(request));
        Assert.Equal("IMMUTABLE", JsonNode.Parse(body)!["imageTagMutability"]!.GetValue<string>());
    }

    [Fact]
    public async Task FindTag_ImageNotFound_Null()
    {
        var (client, _, time) = EcrTestClient.Create(_ => ScriptedHandler.Json(400, """{"__type":"ImageNotFoundException","message":"no"}"""));

        Assert.Null(await new EcrRegistry(client, time).FindTagAsync("games/lobby", "abc", CancellationToken.None));
    }

    [Fact]
    public async Task FindTag_AccessDenied_OneLineNamingActionObjectAndCause()
    {
        var (client, _, time) = EcrTestClient.Create(_ => ScriptedHandler.Json(400,
            """{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:DescribeImages"}"""));

        var error = await Assert.ThrowsAsync<DeliveryException>(() => new EcrRegistry(client, time).FindTagAsync("games/lobby", "abc", CancellationToken.None));

        Assert.StartsWith("Could not look up tag 'abc' in ECR repository 'games/lobby' (account 123456789012, region us-east-1", error.Message);
        Assert.Contains("access denied by IAM policy", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Login_CalledTwice_OneTokenRequest()
    {
        var token = Fixtures.Load("09-get-authorization-token.json")["response"]!["body"]!.ToJsonString();
        var (client, handler, time) = EcrTestClient.Create(_ => ScriptedHandler.Json(200, token.Replace("1700043200.0", "4102444800.0")));
        var registry = new EcrRegistry(client, time);

        var first = await registry.LoginAsync(CancellationToken.None);
        var second = await registry.LoginAsync(CancellationToken.None);

        Assert.Same(first, second);
        Assert.Single(handler.Sent);
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com", await registry.RegistryHostAsync(CancellationToken.None));
    }
}

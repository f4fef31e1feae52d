using Delivery.Ecr;

namespace Delivery.Tests.Ecr;

public class EcrRetryTests
{
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";
    private const string Ok = """{"repositories":[]}""";

    [Fact]
    public async Task Call_ThrottledThenOk_RetriesAfterBackOff()
    {
        var (client, handler, time) = EcrTestClient.Create(
            _ => ScriptedHandler.Json(400, Throttled),
            _ => ScriptedHandler.Json(200, Ok));

        var call = client.DescribeRepositoriesAsync([], CancellationToken.None);
        await Task.Yield();
        Assert.False(call.IsCompleted); // waiting out the back-off, not hammering
        Assert.Single(handler.Sent);
        time.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public async Task Call_ServerErrorEveryTime_GivesUpAfterMaxAttempts()
    {
        var (client, handler, time) = EcrTestClient.Create(_ => ScriptedHandler.Json(500, """{"__type":"ServerException","message":"boom"}"""));

        var error = await Assert.ThrowsAsync<EcrApiException>(() =>
            EcrTestClient.RunAdvancing(time, () => client.DescribeRepositoriesAsync([], CancellationToken.None)));

        Assert.Equal(EcrErrorKind.Server, error.Kind);
        Assert.Equal(3, handler.Sent.Count);
    }

    [Fact]
    public async Task Call_ClientFault_IsNotRetried()
    {
        var (client, handler, _) = EcrTestClient.Create(_ => ScriptedHandler.Json(400, """{"__type":"AccessDeniedException","message":"no"}"""));

        var error = await Assert.ThrowsAsync<EcrApiException>(() => client.DescribeRepositoriesAsync([], CancellationToken.None));

        Assert.Equal(EcrErrorKind.AccessDenied, error.Kind);
        Assert.Single(handler.Sent);
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(6, 8000)]
    public void DelayAfter_Attempt_DoublesUpToCap(int attempt, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Delivery.Resilience.RetryOptions.Ecr.DelayAfter(attempt));
}

using System.Net;
using System.Text.Json;
using Delivery.Core.Hooks;
using Delivery.Hooks;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Hooks;

public sealed class HttpHookTests
{
    /// <summary>Answers with what the test says and keeps every request as it arrived (method, content type, body).</summary>
    private sealed class StubHandler(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<(HttpMethod Method, Uri? Url, string? ContentType, JsonDocument Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = await request.Content!.ReadAsStringAsync(ct);
            lock (Requests) Requests.Add((request.Method, request.RequestUri, request.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(body)));
            return await answer(ct);
        }
    }

    private static StubHandler Answering(HttpStatusCode status, string body) =>
        new(_ => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) }));

    private static HookRunner Runner(StubHandler handler, TimeProvider? time = null) =>
        new(Path.GetTempPath(), time ?? TimeProvider.System, s => s.Replace("s3cret", "***", StringComparison.Ordinal), handler);

    [Fact]
    public async Task RunAsync_Answer200_PassesAfterPostingThePayloadAsJson()
    {
        var handler = Answering(HttpStatusCode.OK, "promote: yes");
        using var runner = Runner(handler);

        var result = await runner.RunAsync(HookFixtures.Url("https://gates.example/lobby"), HookFixtures.Payload, CancellationToken.None);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(200, result.Code);
        Assert.Equal("promote: yes", result.Output);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("lobby", request.Body.RootElement.GetProperty("pipeline").GetString());
        Assert.Equal("us-east-1b", request.Body.RootElement.GetProperty("zones")[1].GetString());
        Assert.False(request.Body.RootElement.TryGetProperty("event", out _));
    }

    [Fact]
    public async Task RunAsync_Answer503_FailsWithStatusAndRedactedBody()
    {
        using var runner = Runner(Answering(HttpStatusCode.ServiceUnavailable, "line 1\nnot now, key s3cret"));

        var result = await runner.RunAsync(HookFixtures.Url("https://gates.example/lobby"), HookFixtures.Payload, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal(503, result.Code);
        Assert.Matches(@"^confirm-promotion hook 'gate' answered 503 after \d+(\.\d)?m?s$", result.Message);
        Assert.Equal("line 1\nnot now, key ***", result.Output);
    }

    [Fact]
    public async Task RunAsync_DurationFromTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        using var runner = Runner(new StubHandler(_ =>
        {
            time.Advance(TimeSpan.FromMilliseconds(1200));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }), time);

        var result = await runner.RunAsync(HookFixtures.Url("https://gates.example/lobby"), HookFixtures.Payload, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(1200), result.Duration);
        Assert.Equal("confirm-promotion hook 'gate' answered 204 after 1.2s", result.Message);
    }

    [Fact]
    public async Task RunAsync_HangsPastTimeout_FailsWithoutCode()
    {
        using var runner = Runner(new StubHandler(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }));

        var result = await runner.RunAsync(HookFixtures.Url("https://gates.example/lobby", timeoutSeconds: 0.3), HookFixtures.Payload, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Null(result.Code);
        Assert.Equal("confirm-promotion hook 'gate' timed out after 300ms", result.Message);
    }

    [Fact]
    public async Task RunAsync_Unreachable_OneLineWithoutTheQuery()
    {
        using var runner = Runner(new StubHandler(_ => throw new HttpRequestException("Connection refused (gates.example:443)\nat somewhere")));

        var result = await runner.RunAsync(HookFixtures.Url("https://user:pw@gates.example/lobby?token=abc"), HookFixtures.Payload, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal("confirm-promotion hook 'gate' could not reach https://gates.example/lobby: Connection refused (gates.example:443) at somewhere", result.Message);
    }

    [Fact]
    public async Task RunAsync_Cancelled_Throws()
    {
        using var runner = Runner(new StubHandler(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => runner.RunAsync(HookFixtures.Url("https://gates.example/lobby"), HookFixtures.Payload, cancel.Token));
    }

    [Fact]
    public async Task Start_UrlHook_PostsStartThenStop()
    {
        var handler = Answering(HttpStatusCode.Accepted, "");
        using var runner = Runner(handler);
        var hook = HookFixtures.Url("https://load.example/lobby", HookPhase.DuringAnalysis);

        var running = runner.Start(hook, HookFixtures.Payload with { Phase = "during-analysis" });
        Assert.Null(running.Pid);
        var result = await running.StopAsync(TimeSpan.FromSeconds(1));

        Assert.True(result.Passed, result.Message);
        Assert.True(running.HasExited);
        Assert.Equal(["start", "stop"], handler.Requests.Select(r => r.Body.RootElement.GetProperty("event").GetString()));
        Assert.All(handler.Requests, r => Assert.Equal("during-analysis", r.Body.RootElement.GetProperty("phase").GetString()));
    }

    [Fact]
    public async Task Start_StartCallRefused_StillStopsAndReportsTheRefusal()
    {
        var calls = 0;
        var handler = new StubHandler(_ => Task.FromResult(new HttpResponseMessage(
            Interlocked.Increment(ref calls) == 1 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK)));
        using var runner = Runner(handler);

        await using var running = runner.Start(HookFixtures.Url("https://load.example/lobby", HookPhase.DuringAnalysis), HookFixtures.Payload);
        var result = await running.StopAsync(TimeSpan.FromSeconds(1));

        Assert.False(result.Passed);
        Assert.Equal(500, result.Code);
        Assert.StartsWith("during-analysis hook 'gate' (start call) answered 500", result.Message);
        Assert.Equal(2, handler.Requests.Count);
    }
}

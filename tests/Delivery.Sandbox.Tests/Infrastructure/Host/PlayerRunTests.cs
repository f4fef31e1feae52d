using System.Net;
using System.Text;
using Delivery.Sandbox.Contract;
using Delivery.Sandbox.Players;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Sandbox.Tests.Infrastructure.Host;

/// <summary>The player loop on a fake clock: rate, spread over both tracks, and the end of the run.</summary>
public sealed class PlayerRunTests
{
    private const string TwoTracks = """
        {"apps": [
          {"id": "/games/lobby", "labels": {"service": "lobby"}, "tasks": [{"id": "s1", "host": "127.0.1.1", "ports": [31001], "state": "TASK_RUNNING"}]},
          {"id": "/games/lobby-canary", "labels": {"service": "lobby", "track": "canary"}, "tasks": [{"id": "c1", "host": "127.0.1.2", "ports": [31002], "state": "TASK_RUNNING"}]}
        ]}
        """;

    [Fact]
    public async Task RunAsync_TenPerSecondForTwoSeconds_SendsTwentyRequestsEvenlyOverBothTracksThenStops()
    {
        var time = new FakeTimeProvider();
        using var marathon = new HttpClient(new Answer(_ => (HttpStatusCode.OK, TwoTracks))) { BaseAddress = new Uri(SandboxPorts.Url(SandboxPorts.Marathon)) };
        using var service = new HttpClient(new Answer(r => r.Method == HttpMethod.Post ? (HttpStatusCode.Accepted, """{"ticket":"t","id":"s"}""") : (HttpStatusCode.OK, "{}")));
        var run = new PlayerRun(new PlayerRunOptions("lobby", 10, TimeSpan.FromSeconds(2)), new ServiceTargets(marathon), service, time);

        var running = run.RunAsync(CancellationToken.None);
        for (var tick = 1; tick <= 20; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await UntilAsync(() => run.Report.Sent + run.Report.SkippedNoTarget >= tick || running.IsCompleted);
        }
        time.Advance(TimeSpan.FromMilliseconds(100));
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        var report = run.Report;
        Assert.False(report.Running);
        Assert.InRange(report.Sent, 19, 20);
        Assert.Equal(0, report.ServerErrors + report.Unreachable);
        Assert.True(Math.Abs(report.ByTrack["stable"] - report.ByTrack["canary"]) <= 1, $"stable {report.ByTrack["stable"]}, canary {report.ByTrack["canary"]}");
    }

    [Fact]
    public async Task RunAsync_NoTaskOfTheService_CountsTicksWithoutTargetAndSendsNothing()
    {
        var time = new FakeTimeProvider();
        using var marathon = new HttpClient(new Answer(_ => (HttpStatusCode.OK, """{"apps": []}"""))) { BaseAddress = new Uri(SandboxPorts.Url(SandboxPorts.Marathon)) };
        using var service = new HttpClient(new Answer(_ => throw new InvalidOperationException("no request may be sent")));
        var run = new PlayerRun(new PlayerRunOptions("lobby", 5, TimeSpan.FromSeconds(1)), new ServiceTargets(marathon), service, time);

        var running = run.RunAsync(CancellationToken.None);
        for (var tick = 1; tick <= 3; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(200));
            await UntilAsync(() => run.Report.SkippedNoTarget >= tick);
        }
        time.Advance(TimeSpan.FromSeconds(1));
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, run.Report.Sent);
        Assert.True(run.Report.SkippedNoTarget >= 3);
    }

    [Theory]
    [InlineData("", 10, 60)]
    [InlineData("lobby", 0, 60)]
    [InlineData("lobby", 500, 60)]
    [InlineData("lobby", 10, 7200)]
    public void Validate_OutOfBounds_Refused(string service, double rate, int seconds)
    {
        Assert.Throws<ArgumentException>(() => new PlayerRunOptions(service, rate, TimeSpan.FromSeconds(seconds)).Validate());
    }

    /// <summary>Lets the run's continuations catch up with the fake clock; bounded so a broken loop fails instead of hanging.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100_000 && !condition(); i++)
            await Task.Yield();
        Assert.True(condition(), "the player loop did not keep up with the clock");
    }

    private sealed class Answer(Func<HttpRequestMessage, (HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var (status, body) = answer(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}

using Delivery.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Tests.Resilience;

public sealed class RetriesTests
{
    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(3, 2000)]
    [InlineData(5, 8000)]
    [InlineData(9, 8000)]
    public void DelayAfter_Attempt_DoublesUpToTheCap(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryOptions.Marathon.DelayAfter(attempt));

    [Fact]
    public void DelayAfter_NoCap_KeepsDoubling() =>
        Assert.Equal(TimeSpan.FromSeconds(4), new RetryOptions(5, TimeSpan.FromMilliseconds(500)).DelayAfter(4));

    [Fact]
    public async Task Pipeline_FailingCall_TriedMaxAttemptsWaitingDelayAfterOnTheClock()
    {
        var time = new FakeTimeProvider();
        var tries = new List<TimeSpan>();
        var started = time.GetUtcNow();
        var pipeline = Retries.Pipeline(new RetryOptions(3, TimeSpan.FromSeconds(1)), time, (e, _) => e is TimeoutException);

        var run = pipeline.ExecuteAsync(_ =>
        {
            tries.Add(time.GetUtcNow() - started);
            throw new TimeoutException();
        }, CancellationToken.None).AsTask();
        for (var i = 0; i < 10 && !run.IsCompleted; i++)
        {
            await Task.Delay(20);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], tries);
    }

    [Fact]
    public async Task Pipeline_FailureNotRetried_TriedOnce()
    {
        var tries = 0;
        var pipeline = Retries.Pipeline(RetryOptions.Marathon, new FakeTimeProvider(), (e, _) => e is TimeoutException);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.ExecuteAsync(_ =>
        {
            tries++;
            throw new InvalidOperationException();
        }, CancellationToken.None).AsTask());

        Assert.Equal(1, tries);
    }

    [Fact]
    public async Task Pipeline_OfResults_RetriesWhileTheResultSaysSo()
    {
        var tries = 0;
        var pipeline = Retries.Pipeline<int>(new RetryOptions(4, TimeSpan.Zero), TimeProvider.System, (outcome, _) => outcome.Result >= 500);

        var last = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++tries < 3 ? 503 : 200), CancellationToken.None);

        Assert.Equal(200, last);
        Assert.Equal(3, tries);
    }

    [Fact]
    public async Task Pipeline_OneAttempt_NeverRepeats()
    {
        var tries = 0;
        var pipeline = Retries.Pipeline(RetryOptions.Once, TimeProvider.System, (_, _) => true);

        await Assert.ThrowsAsync<TimeoutException>(() => pipeline.ExecuteAsync(_ => { tries++; throw new TimeoutException(); }, CancellationToken.None).AsTask());

        Assert.Equal(1, tries);
    }
}

using Polly;
using Polly.Retry;

namespace Delivery.Resilience;

/// <summary>
/// The one place Delivery's retry pipelines (Polly) are built: every adapter that repeats a call (Marathon, ECR, the
/// webhook sender, the Pushgateway and Prometheus clients) passes its <see cref="RetryOptions"/> and says which outcomes
/// are worth another try; the back-off is the same exponential one for all, waited on the injected clock.
/// </summary>
public static class Retries
{
    /// <summary>Repeats a call while it throws an exception <paramref name="retry"/> accepts.</summary>
    public static ResiliencePipeline Pipeline(RetryOptions options, TimeProvider time, Func<Exception, CancellationToken, bool> retry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        // Polly refuses a retry strategy of no retries: one try is the empty pipeline.
        if (options.MaxAttempts > 1)
            builder.AddRetry((RetryStrategyOptions)Strategy(new RetryStrategyOptions(), options, args =>
                args.Outcome.Exception is { } e && retry(e, args.Context.CancellationToken)));
        return builder.Build();
    }

    /// <summary>Repeats a call while its result, or the exception it throws, is one <paramref name="retry"/> accepts.</summary>
    public static ResiliencePipeline<T> Pipeline<T>(RetryOptions options, TimeProvider time, Func<Outcome<T>, CancellationToken, bool> retry)
    {
        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = time };
        if (options.MaxAttempts > 1)
            builder.AddRetry(Strategy(new RetryStrategyOptions<T>(), options, args => retry(args.Outcome, args.Context.CancellationToken)));
        return builder.Build();
    }

    private static RetryStrategyOptions<T> Strategy<T>(RetryStrategyOptions<T> strategy, RetryOptions options, Func<RetryPredicateArguments<T>, bool> retry)
    {
        strategy.MaxRetryAttempts = options.MaxAttempts - 1;
        strategy.Delay = options.FirstDelay;
        strategy.MaxDelay = options.MaxDelay;
        strategy.BackoffType = DelayBackoffType.Exponential;
        strategy.UseJitter = false;
        // The wait is RetryOptions' own formula (Polly counts retries from 0, RetryOptions failed tries from 1).
        strategy.DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.DelayAfter(args.AttemptNumber + 1));
        strategy.ShouldHandle = args => ValueTask.FromResult(retry(args));
        return strategy;
    }
}

namespace Delivery.Ecr;

/// <summary>
/// Back-off for throttling and server faults only (as go-containerregistry and the AWS SDKs do): a client fault is
/// answered the same way every time, so retrying it only delays the clear error.
/// </summary>
/// <param name="MaxAttempts">Total tries including the first.</param>
/// <param name="BaseDelay">Delay before the second try; doubles each time, capped at <paramref name="MaxDelay"/>.</param>
public sealed record EcrRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static EcrRetryPolicy Default { get; } = new(4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    /// <summary>The pause after the <paramref name="attempt"/>-th failed try (1-based). Example: 500 ms, 1 s, 2 s.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Max(0, attempt - 1));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }

    public bool ShouldRetry(Exception error, int attempt) =>
        attempt < MaxAttempts && error switch
        {
            EcrApiException api => api.IsRetryable,
            // A connection reset or timeout mid-call: the JSON API operations Delivery uses are idempotent reads or
            // idempotent-by-checking writes, so another try is safe.
            HttpRequestException { StatusCode: null } => true,
            // HttpClient's own timeout (the caller's token is checked before retrying).
            TaskCanceledException => true,
            _ => false,
        };
}

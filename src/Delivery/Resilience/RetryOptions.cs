namespace Delivery.Resilience;

/// <summary>
/// How patiently an adapter repeats a call that may succeed on another try: <paramref name="MaxAttempts"/> tries in
/// all, the first back-off <paramref name="FirstDelay"/>, doubled before each next try up to
/// <paramref name="MaxDelay"/> (none: uncapped), no jitter, on the injected clock. Which failures are worth another try
/// is each adapter's own knowledge; see <see cref="Retries"/>.
/// </summary>
public sealed record RetryOptions(int MaxAttempts, TimeSpan FirstDelay, TimeSpan? MaxDelay = null)
{
    /// <summary>
    /// Idempotent Marathon calls after a 5xx or a connection failure: 4 tries, 0.5 s, 1 s, 2 s apart (8 s at most).
    /// Calls that are not idempotent are never repeated: MarathonHttpClient's summary says which are which.
    /// </summary>
    public static RetryOptions Marathon { get; } = new(4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    /// <summary>ECR's API after throttling, a server fault or a dropped connection, as go-containerregistry and the AWS
    /// SDKs do: 4 tries, 0.5 s, 1 s, 2 s apart (8 s at most).</summary>
    public static RetryOptions Ecr { get; } = new(4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8));

    /// <summary>One try: nothing is repeated.</summary>
    public static RetryOptions Once { get; } = new(1, TimeSpan.Zero);

    /// <summary>The wait after the <paramref name="attempt"/>-th failed try (1-based). Example (Marathon): 500 ms, 1 s, 2 s, 4 s, 8 s, 8 s.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = FirstDelay * Math.Pow(2, Math.Max(0, attempt - 1));
        return MaxDelay is { } max && delay > max ? max : delay;
    }
}

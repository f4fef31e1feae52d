namespace Delivery.Marathon;

/// <summary>
/// How often and how patiently an idempotent call is repeated after a 5xx or a connection failure: exponential back-off
/// (0.5 s, 1 s, 2 s, … capped), waited on the injected <see cref="TimeProvider"/>. Calls that are not idempotent are
/// never repeated: see <see cref="MarathonHttpClient"/> for which are which.
/// </summary>
public sealed record MarathonRetryPolicy(int MaxAttempts = 4, TimeSpan? FirstDelay = null, TimeSpan? MaxDelay = null)
{
    public static MarathonRetryPolicy Default { get; } = new();

    public static MarathonRetryPolicy None { get; } = new(MaxAttempts: 1);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempts count from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var first = FirstDelay ?? TimeSpan.FromMilliseconds(500);
        var max = MaxDelay ?? TimeSpan.FromSeconds(8);
        var delay = first * Math.Pow(2, attempt - 1);
        return delay < max ? delay : max;
    }
}

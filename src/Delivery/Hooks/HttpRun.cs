using Delivery.Core.Hooks;

namespace Delivery.Hooks;

/// <summary>
/// A during-analysis URL hook: the load generator runs elsewhere, told to start with <c>"event":"start"</c> and to
/// stop with <c>"event":"stop"</c>. The start call is made in the background so <see cref="HookRunner.Start"/> returns
/// at once; the stop call is made even when the start call failed, because a start that timed out may still have
/// started something.
/// </summary>
internal sealed class HttpRun : IHookRun
{
    private readonly HookSpec hook;
    private readonly HookPayload payload;
    private readonly HttpHook http;
    private readonly TimeProvider time;
    private readonly long started;
    private readonly Task<HookResult> starting;
    private volatile bool stopped;

    public HttpRun(HookSpec hook, HookPayload payload, HttpHook http, TimeProvider time)
    {
        this.hook = hook;
        this.payload = payload;
        this.http = http;
        this.time = time;
        started = time.GetTimestamp();
        starting = Task.Run(() => http.PostAsync(hook, payload with { Event = "start" }, "start", CancellationToken.None));
    }

    public int? Pid => null;

    /// <summary>Ended once stopped, or when the start call failed (nothing is known to be running).</summary>
    public bool HasExited => stopped || (starting.IsCompletedSuccessfully && !starting.Result.Passed);

    public async Task<HookResult> StopAsync(TimeSpan grace)
    {
        var start = await starting.ConfigureAwait(false);
        var stop = await http.PostAsync(hook, payload with { Phase = HookSpec.PhaseName(HookPhase.DuringAnalysis), Event = "stop" },
            "stop", CancellationToken.None).ConfigureAwait(false);
        stopped = true;
        // The start call's failure is the news; otherwise the stop call's answer, timed over the whole run.
        return (start.Passed ? stop : start) with { Duration = time.GetElapsedTime(started) };
    }
}

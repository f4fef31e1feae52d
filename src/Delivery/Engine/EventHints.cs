using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// Listens to Marathon's event stream while a run waits: a task failure goes to the <see cref="TaskFailureLog"/>, and
/// any event about the pipeline's apps wakes the next pass early. Only a hint: the pass re-reads everything, and if
/// the stream is down the passes simply come at their regular interval.
/// </summary>
public sealed class EventHints : IAsyncDisposable
{
    private static readonly string[] Types =
    [
        "status_update_event", "unhealthy_instance_kill_event", "health_status_changed_event", "instance_health_changed_event",
        "deployment_success", "deployment_failed", "event_stream_attached",
    ];

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EventHints(IMarathonEvents marathon, DeploymentTarget target, TaskFailureLog failures, TimeProvider time)
    {
        var apps = new HashSet<string>(StringComparer.Ordinal) { target.StableAppId, target.CanaryAppId };
        _listening = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in marathon.EventsAsync(Types, _stop.Token).ConfigureAwait(false))
                {
                    failures.Observe(e, time.GetUtcNow());
                    if (e.Attached || e.AppId is { } app && apps.Contains(app) || e.EventType.StartsWith("deployment_", StringComparison.Ordinal))
                        Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested) { }
            catch (Exception)
            {
                // The stream is a hint; the passes go on at their interval without it.
            }
        });
    }

    /// <summary>Completes at the next relevant event.</summary>
    public Task Next => Volatile.Read(ref _signal).Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _listening.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        _stop.Dispose();
    }
}

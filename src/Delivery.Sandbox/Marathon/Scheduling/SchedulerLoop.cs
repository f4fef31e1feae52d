using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Delivery.Sandbox.Marathon.Scheduling;

/// <summary>The real process's heartbeat: a reconcile pass every interval, or at once after an API change.</summary>
public sealed class SchedulerLoop(MarathonScheduler scheduler, MarathonEmulatorOptions options, TimeProvider time, ILogger<SchedulerLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPoke() => Volatile.Read(ref wake).TrySetResult();
        scheduler.Poked += OnPoke;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try { await scheduler.ReconcileAsync(stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Marathon emulator: reconcile pass failed; retrying next interval");
                }
                var woken = Volatile.Read(ref wake).Task;
                await Task.WhenAny(woken, Task.Delay(options.ReconcileInterval, time, stoppingToken));
                if (woken.IsCompleted)
                    Volatile.Write(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            scheduler.Poked -= OnPoke;
        }
    }
}

using Delivery.Core;
using Delivery.Core.Canary;
using Delivery.Core.Gates;

namespace Delivery.Engine;

/// <summary>
/// Runs any verb of one pipeline (canary, first release, abort, restore) to its end or a pause. Each pass: check the lease
/// is still this run's (the fence), read the run status, read Marathon, let the pure <see cref="CanaryPlanner"/> decide,
/// write the status once (only when it changed: a repeated pass writes nothing), apply the action, then wait until the
/// decision's deadline, the pass interval or a Marathon event, whichever comes first.
/// </summary>
public sealed class CanaryOrchestrator(PipelineSession session)
{
    private readonly Dictionary<WaitFor, DateTimeOffset> _waitingSince = [];

    public async Task<CanaryDecision> PassAsync(CancellationToken ct)
    {
        var now = session.Time.GetUtcNow();
        await session.Lease.CheckAsync(ct).ConfigureAwait(false);
        var read = await session.Ledger.ReadAsync(ct).ConfigureAwait(false);
        var status = session.Ledger.StatusOf(read);
        var observed = await session.Observer.ObserveAsync(status, ct).ConfigureAwait(false);
        var decision = CanaryPlanner.Decide(session.Policy, status, observed, now);
        if (!session.Ledger.UnchangedFor(read, decision.Status))
            await session.Ledger.WriteAsync(read, decision.Status, ct).ConfigureAwait(false);
        session.Recorder.Decision(decision, observed.MetricReadings);
        if (session.Observer.Metrics.Fresh) SayFigures(decision);
        Report(decision, now);
        await session.Lease.WhileHeldAsync(() => session.Actuator.ApplyAsync(decision, observed, ct), ct).ConfigureAwait(false);
        await session.Hooks.SyncLoadAsync(decision.Status, ct).ConfigureAwait(false);
        return decision;
    }

    /// <summary>After each new read of the metrics: one line per check and zone with the numbers the judge saw.</summary>
    private void SayFigures(CanaryDecision decision)
    {
        foreach (var m in decision.Metrics.OrderBy(m => m.Zone?.Name, StringComparer.Ordinal).ThenBy(m => m.Gate, StringComparer.Ordinal))
            session.Progress.Say($"{session.Target.Name}: [{m.Phase}] {m.Message}");
    }

    /// <summary>Passes until the planner says done or pause; returns that last decision.</summary>
    public async Task<CanaryDecision> RunAsync(CancellationToken ct)
    {
        var settings = session.Settings;
        await using var hints = settings.UseEvents ? new EventHints(session.Marathon, session.Target, session.Failures, session.Time) : null;
        var outage = new MarathonOutage(session);
        try
        {
            for (var pass = 0; pass < settings.MaxPasses; pass++)
            {
                CanaryDecision decision;
                try
                {
                    decision = await PassAsync(ct).ConfigureAwait(false);
                    outage.Over();
                }
                catch (Marathon.MarathonException e) when (MarathonOutage.IsTransient(e))
                {
                    await outage.WaitOrGiveUpAsync(e, ct).ConfigureAwait(false);
                    continue;
                }
                if (IsFinal(decision)) return decision;
                var gap = settings.PassInterval;
                if (decision.Action is CanaryAction.Wait wait)
                {
                    var left = wait.Until - session.Time.GetUtcNow();
                    if (left < gap) gap = left;
                    if (wait.What == WaitFor.Analysis) session.Recorder.RequestedWait(gap > TimeSpan.Zero ? gap : TimeSpan.Zero);
                }
                await WaitAsync(gap, hints, decision.Action is CanaryAction.Wait, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever ended the run (a verdict, a pause, Ctrl+C, an error), no load generator outlives it.
            await session.Hooks.StopLoadAsync().ConfigureAwait(false);
        }
        throw new DeliveryException($"Tried to run the canary of {session.Target.Name} but failed because it took more than {settings.MaxPasses} passes.");
    }

    public static bool IsFinal(CanaryDecision decision) =>
        decision.Action is CanaryAction.Done or CanaryAction.PauseForPerson or CanaryAction.PauseZoneFailure;

    // After an action, look again soon: Marathon answers writes before it has acted on them. While waiting, an event
    // about the apps wakes the pass early, but never before the minimum gap.
    private async Task WaitAsync(TimeSpan gap, EventHints? hints, bool waiting, CancellationToken ct)
    {
        var minimum = session.Settings.MinimumPassGap;
        if (gap < TimeSpan.Zero) gap = TimeSpan.Zero;
        if (!waiting || gap <= minimum)
        {
            await Task.Delay(waiting ? gap : minimum, session.Time, ct).ConfigureAwait(false);
            return;
        }
        await Task.Delay(minimum, session.Time, ct).ConfigureAwait(false);
        var rest = Task.Delay(gap - minimum, session.Time, ct);
        await (hints is null ? rest : Task.WhenAny(rest, hints.Next)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private void Report(CanaryDecision decision, DateTimeOffset now)
    {
        var name = session.Target.Name;
        if (decision.Action is not CanaryAction.Wait wait)
        {
            _waitingSince.Clear();
            session.Progress.Say($"{name}: {decision.Reason.Message}");
            return;
        }
        var pending = decision.Verdicts.Where(v => v.Outcome != ZoneOutcome.Passed).Select(v => v.Zone.Name).ToList();
        var label = wait.What.Describe();
        var what = pending.Count > 0 ? $"{label} in {string.Join(", ", pending)}" : label;
        if (!_waitingSince.TryGetValue(wait.What, out var since)) _waitingSince[wait.What] = since = now;
        session.Progress.Waiting(what, $"{name}: {decision.Reason.Message}", since);
    }
}

using System.Net;
using Delivery.Core.Canary;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>
/// A pass that fails because Marathon does not answer (no connection, 5xx: a leader failover takes tens of seconds) is
/// not the end of a run that left a canary and a shrunken stable behind: it is tried again with back-off until the
/// deadline of the phase the run is in (health for a canary, promotion, rollback for a rollback or restore), measured
/// from the first failure in a row. Refusals (4xx) are not retried here: asking again gets the same answer.
/// </summary>
public sealed class MarathonOutage(PipelineSession session)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1), LongestPause = TimeSpan.FromSeconds(15);
    private DateTimeOffset? _since;
    private TimeSpan _pause = FirstPause;

    public static bool IsTransient(MarathonException e) => e.StatusCode is null || (int)e.StatusCode.Value >= 500 || e.StatusCode == HttpStatusCode.RequestTimeout;

    public void Over() => (_since, _pause) = (null, FirstPause);

    public async Task WaitOrGiveUpAsync(MarathonException error, CancellationToken ct)
    {
        var now = session.Time.GetUtcNow();
        _since ??= now;
        var budget = Budget(session.Ledger.Written?.Phase);
        if (now - _since.Value > budget)
            throw new Core.DeliveryException($"Gave up on {session.Target.Name} after Marathon failed for {(now - _since.Value).TotalSeconds:0}s (the phase allows {budget.TotalSeconds:0}s): {error.Message}", error);
        session.Progress.Say($"{session.Target.Name}: Marathon failed ({error.Message}); trying again in {_pause.TotalSeconds:0}s, for at most {budget.TotalSeconds:0}s in all.");
        await Task.Delay(_pause, session.Time, ct).ConfigureAwait(false);
        _pause = _pause * 2 < LongestPause ? _pause * 2 : LongestPause;
    }

    private TimeSpan Budget(CanaryPhase? phase) => phase switch
    {
        CanaryPhase.Promoting or CanaryPhase.Finalising or CanaryPhase.Launching => session.Policy.PromotionDeadline,
        CanaryPhase.RollingBack or CanaryPhase.Restoring => session.Policy.RollbackDeadline,
        _ => session.Policy.Health.HealthyDeadline,
    };
}

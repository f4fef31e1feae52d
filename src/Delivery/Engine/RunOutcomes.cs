using Delivery.Core.Canary;

namespace Delivery.Engine;

internal static class RunOutcomes
{
    public static RunOutcome Of(CanaryDecision last) => last.Action switch
    {
        CanaryAction.Done { Outcome: CanaryOutcome.Promoted } => RunOutcome.Promoted,
        CanaryAction.Done { Outcome: CanaryOutcome.RolledBack } => RunOutcome.RolledBack,
        CanaryAction.Done { Outcome: CanaryOutcome.Idle or CanaryOutcome.Restored } => RunOutcome.RolledBack,
        CanaryAction.PauseForPerson or CanaryAction.PauseZoneFailure => RunOutcome.Paused,
        _ => RunOutcome.Failed,
    };

    public static string Explain(CanaryDecision last) => last.Action switch
    {
        CanaryAction.PauseForPerson or CanaryAction.PauseZoneFailure =>
            $"{last.Reason.Message} Resume with ./build.sh Promote --app {last.Status.Canary?.Pipeline}, or undo with ./build.sh Rollback --app {last.Status.Canary?.Pipeline}.",
        _ => last.Reason.Message,
    };
}

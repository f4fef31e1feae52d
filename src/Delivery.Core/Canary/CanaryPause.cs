namespace Delivery.Core.Canary;

/// <summary>What stopped a run for a person: it decides what resuming means and whether a timeout applies.</summary>
public enum PauseKind
{
    /// <summary>Something a person must look at (stable missing, a canary of another digest, gates that could not judge).</summary>
    Person,

    /// <summary>A pause step of the pipeline's plan: resuming goes past it; its timeout, if any, applies.</summary>
    Step,

    /// <summary>A zone failed for stable and canary alike under <see cref="ZoneFailurePolicy.Pause"/>.</summary>
    ZoneFailure,

    /// <summary>Every zone was dropped: resuming tries them all again.</summary>
    NoZonesLeft,

    /// <summary>The analysis could not decide in time: resuming is the person's approval.</summary>
    AnalysisInconclusive,

    /// <summary>A confirm-promotion hook refused: resuming is the person's approval.</summary>
    PromotionRefused,
}

/// <summary>A pause: its kind, for the planner, and its reason, for people (and for the status label).</summary>
public sealed record CanaryPause(PauseKind Kind, CanaryReason Reason)
{
    /// <summary>
    /// The pause a status label's reason stands for. The label keeps only the reason (<c>Code: message</c>), which has
    /// always named the kind; this is the one place that reads the kind back from it.
    /// </summary>
    public static CanaryPause FromReason(CanaryReason reason) => new(reason.Code switch
    {
        CanaryReasons.PausedByPipelineCode => PauseKind.Step,
        CanaryReasons.ZoneFailureCode => PauseKind.ZoneFailure,
        CanaryReasons.NoZonesLeftCode => PauseKind.NoZonesLeft,
        CanaryReasons.AnalysisInconclusiveCode => PauseKind.AnalysisInconclusive,
        CanaryReasons.PromotionRefusedCode => PauseKind.PromotionRefused,
        _ => PauseKind.Person,
    }, reason);
}

namespace Delivery.Runner.Execution;

/// <summary>Where a planned target stands; the names match NUKE's summary.</summary>
internal enum ExecutionStatus
{
    Scheduled,
    NotRun,
    Skipped,
    Succeeded,
    Failed,
    Running,
    Aborted,
    Collective,
}

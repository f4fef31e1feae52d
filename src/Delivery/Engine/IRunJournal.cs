namespace Delivery.Engine;

/// <summary>
/// The local history of runs, for reports and <c>Status</c>. Marathon holds the state that matters to every runner;
/// this only remembers what this machine did, including runs that never finished (killed), which stay "Running".
/// The engine's port; the SQLite journal (Delivery.Journal) is the adapter.
/// </summary>
public interface IRunJournal
{
    Task BeginAsync(string runId, string kind, string pipeline, string environment, DateTimeOffset startedAt, CancellationToken ct);

    Task FinishAsync(RunReport report, CancellationToken ct);

    /// <summary>The newest finished runs of a pipeline, newest first.</summary>
    Task<IReadOnlyList<RunReport>> RecentAsync(string pipeline, int count, CancellationToken ct);

    /// <summary>Runs begun but never finished (the process was killed), newest first.</summary>
    Task<IReadOnlyList<string>> UnfinishedAsync(string pipeline, CancellationToken ct);
}

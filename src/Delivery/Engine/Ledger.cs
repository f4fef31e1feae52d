using Delivery.Core.Canary;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>The ledger app as read: its labels (the run status, anything else) and Marathon's version of it.</summary>
public sealed record LedgerState(IReadOnlyDictionary<string, string> Labels, string? Version)
{
    public static LedgerState Empty { get; } = new(new Dictionary<string, string>(), null);

    public CanaryStatus Status(string pipeline) => CanaryStatusLabels.Decode(Labels, pipeline);

    /// <summary>Commits whose canary was rolled back (by its gates or a person): a Deploy of them needs <c>--force</c>.</summary>
    public IReadOnlyList<string> Rejected =>
        Labels.TryGetValue(Ledger.RejectedLabel, out var text) ? text.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
}

/// <summary>
/// Reads and writes the ledger app (<see cref="DeploymentTarget.LedgerAppId"/>): the one place every runner sees the
/// run status (the lease has apps of its own, <see cref="LeaseKeeper"/>). A write replaces only the status keys and
/// keeps every other label. Writers check the lease first; the status carries their epoch, so a write that lands late
/// from a run that lost the lease is recognised as stale by the run that holds it.
/// </summary>
/// <param name="epoch">The lease epoch of this run, stamped on every status it writes.</param>
public sealed class Ledger(IMarathonApps marathon, DeploymentTarget target, Func<long> epoch)
{
    /// <summary>The last status this run wrote (with its epoch).</summary>
    public CanaryStatus? Written { get; private set; }

    /// <summary>
    /// The run status as read, unless it is a stale write: one from an older epoch that landed after this run's own
    /// (a pre-empted run's last PUT, late). Then this run's last write is the truth, and the next write puts it back.
    /// </summary>
    public CanaryStatus StatusOf(LedgerState read)
    {
        var status = read.Status(target.Name);
        return Written is { } mine && status.Epoch < mine.Epoch ? mine : status;
    }

    public async Task<LedgerState> ReadAsync(CancellationToken ct)
    {
        var app = await marathon.GetAppAsync(target.LedgerAppId, ct).ConfigureAwait(false);
        return app is null ? LedgerState.Empty : new LedgerState(app.Labels ?? new Dictionary<string, string>(), app.Version);
    }

    /// <summary>Writes the status. Returns the new version.</summary>
    public async Task<string?> WriteAsync(LedgerState read, CanaryStatus status, CancellationToken ct)
    {
        status = Stamped(status);
        var labels = Without(read.Labels, CanaryStatusLabels.Keys);
        foreach (var (key, value) in CanaryStatusLabels.Encode(status)) labels[key] = value;
        // Written with the status that ends the run, so a rolled-back release is remembered whatever comes next.
        if (RejectedBy(status) is { } commit)
            labels[RejectedLabel] = string.Join(',', read.Rejected.Where(c => c != commit).Prepend(commit).Take(MaxRejected));
        var version = await PutAsync(labels, ct).ConfigureAwait(false);
        Written = status;
        return version;
    }

    public const string RejectedLabel = "delivery.rejected";
    private const int MaxRejected = 50;

    private static string? RejectedBy(CanaryStatus status) =>
        status is { Phase: CanaryPhase.RolledBack, Canary: { } canary } && CanaryReasons.IsVerdict(status.AbortReason?.Code)
            ? canary.Commit.Value : null;

    /// <summary>The status as this run writes it: an Unknown status is never written, everything else carries the epoch.</summary>
    private CanaryStatus Stamped(CanaryStatus status) => status.Phase == CanaryPhase.Unknown ? status : status with { Epoch = epoch() };

    /// <summary>
    /// Nothing to write: the status read already says this. Its epoch aside once the run is done (a run that only reads
    /// leaves it); a run in flight is written once under each new epoch, so a late write of the epoch before is
    /// recognised as stale (<see cref="StatusOf"/>).
    /// </summary>
    public bool UnchangedFor(LedgerState read, CanaryStatus status) =>
        Unchanged(read, status.IsDone || status.Phase == CanaryPhase.Unknown ? status with { Epoch = read.Status(target.Name).Epoch } : Stamped(status));

    private static bool Unchanged(LedgerState read, CanaryStatus status)
    {
        var encoded = CanaryStatusLabels.Encode(status);
        var current = read.Labels.Where(l => CanaryStatusLabels.Keys.Contains(l.Key)).ToDictionary();
        return current.Count == encoded.Count && encoded.All(e => current.TryGetValue(e.Key, out var v) && v == e.Value);
    }

    // Forced: the ledger has no task, so cancelling a write still in flight loses nothing, and a 409 would only delay.
    private async Task<string?> PutAsync(Dictionary<string, string> labels, CancellationToken ct)
    {
        var result = await marathon.PutAppAsync(AppDefinitions.Ledger(target, labels), force: true, ct: ct).ConfigureAwait(false);
        return result.Version;
    }

    private static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> keys) =>
        labels.Where(l => !keys.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
}

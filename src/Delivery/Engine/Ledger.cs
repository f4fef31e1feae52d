using Delivery.Core.Canary;
using Delivery.Marathon;

namespace Delivery.Engine;

/// <summary>The ledger app as read: its labels (status, lease, anything else) and Marathon's version of it.</summary>
public sealed record LedgerState(IReadOnlyDictionary<string, string> Labels, string? Version)
{
    public static LedgerState Empty { get; } = new(new Dictionary<string, string>(), null);

    public Lease? Lease => LeaseLabels.Decode(Labels);

    public CanaryStatus Status(string pipeline) => CanaryStatusLabels.Decode(Labels, pipeline);
}

/// <summary>
/// Reads and writes the ledger app (<see cref="DeploymentTarget.LedgerAppId"/>): the one place every runner sees the
/// run status and the lease. A write replaces only the keys it owns and keeps every other label.
/// </summary>
public sealed class Ledger(IMarathonClient marathon, DeploymentTarget target)
{
    public async Task<LedgerState> ReadAsync(CancellationToken ct)
    {
        var app = await marathon.GetAppAsync(target.LedgerAppId, ct).ConfigureAwait(false);
        return app is null ? LedgerState.Empty : new LedgerState(app.Labels ?? new Dictionary<string, string>(), app.Version);
    }

    /// <summary>Writes the status and, when given, the lease (else the lease read is kept). Returns the new version.</summary>
    public Task<string?> WriteAsync(LedgerState read, CanaryStatus status, Lease? lease, CancellationToken ct)
    {
        var labels = Without(read.Labels, CanaryStatusLabels.Keys);
        foreach (var (key, value) in CanaryStatusLabels.Encode(status)) labels[key] = value;
        if (lease is not null)
        {
            foreach (var key in LeaseLabels.Keys) labels.Remove(key);
            foreach (var (key, value) in LeaseLabels.Encode(lease)) labels[key] = value;
        }
        return PutAsync(labels, ct);
    }

    public Task<string?> WriteLeaseAsync(LedgerState read, Lease lease, CancellationToken ct)
    {
        var labels = Without(read.Labels, LeaseLabels.Keys);
        foreach (var (key, value) in LeaseLabels.Encode(lease)) labels[key] = value;
        return PutAsync(labels, ct);
    }

    /// <summary>Removes the lease, keeping the status.</summary>
    public Task<string?> ReleaseLeaseAsync(LedgerState read, CancellationToken ct) => PutAsync(Without(read.Labels, LeaseLabels.Keys), ct);

    /// <summary>The labels a status write would leave, to skip writes that change nothing (a repeated pass writes nothing).</summary>
    public static bool Unchanged(LedgerState read, CanaryStatus status)
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

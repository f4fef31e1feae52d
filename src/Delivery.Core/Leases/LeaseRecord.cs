using System.Globalization;
using Delivery.Core.Canary;

namespace Delivery.Core.Leases;

/// <summary>
/// One epoch of a pipeline's deployment lease, kept as a zero-instance Marathon app of its own,
/// <c>&lt;stable&gt;-lease-&lt;epoch&gt;</c>. Taking epoch N+1 is creating that app: Marathon refuses to create an app whose
/// id exists (409 "An app with id [...] already exists"), so exactly one contender gets each epoch, whatever the timing. Only the holder
/// ever writes its epoch's app (to renew or release it), and an epoch's app is never deleted while it is the newest,
/// so "is there an epoch above mine?" is the fence every write of a run checks first.
/// </summary>
/// <param name="Version">Marathon's <c>version</c> of the app: it changes on every renewal, which is what readers watch.</param>
public sealed record LeaseRecord(long Epoch, string Holder, string RunId, LeaseIntent Intent, bool Released, string Version)
{
    public override string ToString() => $"{Holder} (run {RunId}, {Intent}, epoch {Epoch})";
}

/// <summary>The lease apps' ids and labels.</summary>
public static class LeaseApps
{
    public const string Pipeline = "delivery.lease", Holder = "delivery.lease.holder", Run = "delivery.lease.run",
        Intent = "delivery.lease.intent", State = "delivery.lease.state", Renewal = "delivery.lease.renewal";

    public const string HeldState = "held", ReleasedState = "released";

    /// <summary>Eight digits, so that ids sort as epochs do and a person can read them.</summary>
    public static string AppId(string stableAppId, long epoch) => $"{stableAppId}-lease-{epoch.ToString("D8", CultureInfo.InvariantCulture)}";

    /// <summary>The label selector that lists every lease app of a pipeline (ids are checked too: other groups may share the name).</summary>
    public static string Selector(string pipeline) => $"{Pipeline}=={pipeline}";

    public static bool TryEpoch(string stableAppId, string appId, out long epoch)
    {
        epoch = 0;
        var prefix = stableAppId + "-lease-";
        return appId.StartsWith(prefix, StringComparison.Ordinal)
               && long.TryParse(appId[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out epoch) && epoch > 0;
    }

    public static IReadOnlyDictionary<string, string> Labels(string pipeline, string holder, string runId, LeaseIntent intent, bool released, int renewal) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Pipeline] = pipeline, [Holder] = holder, [Run] = runId, [Intent] = intent.ToString(),
            [State] = released ? ReleasedState : HeldState, [Renewal] = renewal.ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>The record of a lease app, or null when its labels are not a lease's (hand-made, or half-written).</summary>
    public static LeaseRecord? Read(string stableAppId, string appId, IReadOnlyDictionary<string, string>? labels, string? version)
    {
        string? Get(string key) => labels is not null && labels.TryGetValue(key, out var value) ? value : null;
        if (!TryEpoch(stableAppId, appId, out var epoch)) return null;
        if (Get(Holder) is not { Length: > 0 } holder || Get(Run) is not { Length: > 0 } run) return null;
        if (!Enum.TryParse<LeaseIntent>(Get(Intent), ignoreCase: false, out var intent) || !Enum.IsDefined(intent)) return null;
        return new LeaseRecord(epoch, holder, run, intent, Get(State) == ReleasedState, version ?? "");
    }
}

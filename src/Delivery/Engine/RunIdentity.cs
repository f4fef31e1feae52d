using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>Who runs (for the lease's holder, shown to whoever is blocked), which run, and for what.</summary>
public sealed record RunIdentity(string Holder, string RunId, LeaseIntent Intent)
{
    /// <summary>A fresh run id: time-ordered, unique enough across runners.</summary>
    public static string NewRunId(TimeProvider time) =>
        $"{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The default holder: <c>DELIVERY_HOLDER</c>, else the CI job or the user, with host and pid.</summary>
    public static string DefaultHolder(Func<string, string?> variable)
    {
        if (variable("DELIVERY_HOLDER") is { Length: > 0 } given) return given;
        var who = variable("CI_JOB_ID") is { Length: > 0 } job ? $"ci/job-{job}" : Environment.UserName;
        return HolderProcess.Name(who);
    }
}

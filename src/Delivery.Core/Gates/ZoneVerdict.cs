using Delivery.Core.Canary;
using Delivery.Core.Values;

namespace Delivery.Core.Gates;

/// <summary>The verdict on one zone, from the canary's and the stable app's health there.</summary>
public enum ZoneOutcome
{
    /// <summary>Canary healthy as expected.</summary>
    Passed,

    /// <summary>Canary still starting, within its deadline.</summary>
    Pending,

    /// <summary>Canary fails while stable is healthy: the release is bad. Roll back.</summary>
    ReleaseFailure,

    /// <summary>Canary and stable both fail: the zone is broken, not the release. Pause or go on without it.</summary>
    ZoneFailure,

    /// <summary>Nothing was reported for the zone: no judgement either way.</summary>
    Inconclusive,
}

/// <summary>One zone's verdict with the measurements behind it (kept for reports).</summary>
public sealed record ZoneVerdict(Zone Zone, ZoneOutcome Outcome, Measurement Canary, Measurement Stable)
{
    /// <summary>The sentence for people: the canary's, or the stable app's too when the zone is at fault.</summary>
    public string Message => Outcome == ZoneOutcome.ZoneFailure ? $"{Canary.Message}; {Stable.Message}" : Canary.Message;
}

/// <summary>Combines the two health measurements of a zone into a <see cref="ZoneVerdict"/>.</summary>
public static class ZoneJudge
{
    /// <param name="reported">Whether either app reported task facts for the zone at all.</param>
    public static ZoneVerdict Judge(Measurement canary, Measurement stable, bool reported)
    {
        var zone = canary.Zone ?? throw new ArgumentException("A zone verdict needs a per-zone canary measurement.", nameof(canary));
        if (!reported)
            return new ZoneVerdict(zone, ZoneOutcome.Inconclusive,
                canary with { Phase = GatePhase.Inconclusive, Message = CanaryReasons.NoDataText(zone) }, stable);
        var stableFails = stable.Phase == GatePhase.Failed;
        var outcome = canary.Phase switch
        {
            GatePhase.Passed => ZoneOutcome.Passed,
            GatePhase.Failed => stableFails ? ZoneOutcome.ZoneFailure : ZoneOutcome.ReleaseFailure,
            GatePhase.Inconclusive or GatePhase.Error => ZoneOutcome.Inconclusive,
            _ => ZoneOutcome.Pending,
        };
        return new ZoneVerdict(zone, outcome, canary, stable);
    }
}

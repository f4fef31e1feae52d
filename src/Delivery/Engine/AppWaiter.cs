using Delivery.Core.Canary;

namespace Delivery.Engine;

/// <summary>Whether a run is in flight: what every verb asks before it decides to start, resume or undo.</summary>
public static class AppWaiter
{
    /// <summary>An unreadable status counts as in flight when a canary app exists (it says what it replaced).</summary>
    public static bool InFlight(CanaryStatus status, bool canaryExists) =>
        status.Phase == CanaryPhase.Unknown ? canaryExists : !status.IsDone;
}

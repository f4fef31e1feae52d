using Delivery.Core.Canary;
using Microsoft.Extensions.Time.Testing;

namespace Delivery.Core.Tests.Canary;

/// <summary>
/// Drives the planner against a <see cref="FakeMarathon"/> the way the orchestrator will: observe, decide, write the
/// status (through the label codec, as Marathon would store it), apply the action, let time pass. Stops at Done or a pause.
/// </summary>
internal sealed class CanaryRun(CanaryPolicy policy, FakeMarathon marathon, FakeTimeProvider time)
{
    public static readonly TimeSpan PassInterval = TimeSpan.FromSeconds(10);

    public List<CanaryDecision> Decisions { get; } = [];
    public CanaryStatus Status { get; set; } = CanaryStatus.Unknown;

    /// <summary>Called after each observation, before deciding: for invariants that must hold on every pass.</summary>
    public Action<ObservedState, CanaryStatus>? Check { get; init; }

    public static CanaryStatus Stored(CanaryStatus status) =>
        CanaryStatusLabels.Decode(CanaryStatusLabels.Encode(status), "lobby");

    /// <summary>One pass: returns its decision, having written the status and applied the action.</summary>
    public CanaryDecision Pass()
    {
        var now = time.GetUtcNow();
        var observed = marathon.Observe(now);
        Check?.Invoke(observed, Status);
        var decision = CanaryPlanner.Decide(policy, Status, observed, now);
        Decisions.Add(decision);
        Status = Stored(decision.Status);
        marathon.Apply(decision.Action, now);
        time.Advance(PassInterval);
        return decision;
    }

    public CanaryDecision RunToEnd(int maxPasses = 300)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var decision = Pass();
            if (decision.Action is CanaryAction.Done or CanaryAction.PauseForPerson or CanaryAction.PauseZoneFailure) return decision;
        }
        throw new InvalidOperationException($"No end after {maxPasses} passes; last: {Decisions[^1]}");
    }
}

using Delivery.Core.Pipelines;
using Delivery.Core.Values;

namespace Delivery.Engine;

/// <summary>
/// One pipeline in one environment, with the three Marathon apps the engine keeps for it: the stable app (the
/// template's id), the canary beside it, and the zero-instance ledger that holds the run status (the lease has apps of its own).
/// </summary>
public sealed record DeploymentTarget(Pipeline Pipeline, DeliveryEnvironment Environment)
{
    public string Name => Pipeline.Name;
    public string StableAppId => Pipeline.Marathon.AppId;
    public string CanaryAppId => Pipeline.Marathon.CanaryAppId;

    /// <summary>
    /// Status and lease change on every pass; Marathon restarts an app's tasks when its labels change, so they live on
    /// an app that has no task (CanaryStatusLabels explains the choice).
    /// </summary>
    public string LedgerAppId => Pipeline.Marathon.AppId + "-delivery";

    public IReadOnlyList<Zone> Zones => Pipeline.ZonesIn(Environment);

    /// <summary>The canary policy in this environment: the environment's hooks run before the pipeline's own.</summary>
    public Core.Canary.CanaryPolicy Policy => Pipeline.Canary with { Hooks = [.. Environment.Hooks, .. Pipeline.Canary.Hooks] };
}

using Delivery.Core.Values;

namespace Delivery.Core.Pipelines;

/// <summary>Where a pipeline deploys: <c>pipelines/environments/&lt;name&gt;.yaml</c>. <c>local</c> is the sandbox.</summary>
/// <param name="Sandbox">True for the local sandbox: the build program may bring it up before use.</param>
public sealed record DeliveryEnvironment(
    string Name,
    EcrSpec Ecr,
    MarathonEndpoint Marathon,
    Uri? Prometheus,
    IReadOnlyList<Zone> Zones,
    bool Sandbox = false)
{
    /// <summary>Hooks every pipeline gets in this environment (before the pipeline's own), e.g. the sandbox's players.</summary>
    public IReadOnlyList<Hooks.HookSpec> Hooks { get; init; } = [];

    /// <summary>Where runs are announced (started, paused, promoted, rolled back, failed, lease taken over).</summary>
    public IReadOnlyList<Notifications.NotificationSpec> Notifications { get; init; } = [];

    /// <summary>Where each run's delivery metrics are pushed; null pushes nothing.</summary>
    public Notifications.MetricsSpec? Metrics { get; init; }
}

using System.Globalization;
using Delivery.Core;
using Delivery.Core.Analysis;
using Delivery.Core.Values;
using Delivery.Engine;

namespace Delivery.Prometheus;

/// <summary>
/// Reads a pipeline's analysis checks from Prometheus. One query per figure measures both tracks of every zone side
/// by side (<c>sum by (zone, track)</c>), at one evaluation time, so canary and stable are compared over the same
/// seconds of the same traffic. The engine adds the matchers that pick this pipeline's two apps to the selectors the
/// pipeline wrote; a production Prometheus needs the <c>app</c>, <c>track</c> and <c>zone</c> labels for that
/// (pipelines/prometheus/marathon-canary.yml shows the relabelling).
/// </summary>
public sealed class PrometheusMetricSource(IPrometheusClient prometheus) : IMetricSource
{
    public async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            await prometheus.BuildInfoAsync(ct).ConfigureAwait(false);
        }
        catch (PrometheusException e)
        {
            throw new DeliveryException($"Refused to start: the canary analysis needs Prometheus, and {e.Message}");
        }
    }

    public async Task<IReadOnlyList<MetricReading>> ReadAsync(
        DeploymentTarget target, AnalysisContext context, DateTimeOffset since, DateTimeOffset at, CancellationToken ct)
    {
        var policy = context.Policy;
        var window = Range(policy.Interval);
        var total = Range(at - since);
        var apps = new PromMatcher("app", "=~", PromSelector.AnyOf([target.StableAppId, target.CanaryAppId]));
        var reads = policy.Checks.Select(check => ReadCheckAsync(check, target, context, apps, window, total, since, at, ct));
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    private async Task<MetricReading> ReadCheckAsync(AnalysisCheck check, DeploymentTarget target, AnalysisContext context,
        PromMatcher apps, string window, string total, DateTimeOffset since, DateTimeOffset at, CancellationToken ct)
    {
        var plan = PrometheusQueries.For(check, target, context, apps, window, total);
        try
        {
            var answers = await Task.WhenAll(plan.Queries.Select(q => prometheus.QueryAsync(q, at, ct))).ConfigureAwait(false);
            var zones = target.Zones.ToDictionary(zone => zone, zone => plan.Read(zone, answers));
            return new MetricReading(check.Name, at, context.Policy.Interval, at - since, plan.Queries, zones);
        }
        catch (PrometheusException e)
        {
            return MetricReading.Failed(check.Name, at, plan.Queries, e.Message);
        }
    }

    /// <summary>A PromQL range in whole seconds, at least one: <c>30s</c>.</summary>
    internal static string Range(TimeSpan span) =>
        Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";
}

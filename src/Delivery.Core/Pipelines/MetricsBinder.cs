using System.Text.RegularExpressions;
using Delivery.Core.Canary;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Validates the <c>metrics:</c> list (name, a PromQL <c>query</c> or a <c>ratio</c> of two, threshold, comparison).
/// Only the shape is checked here; evaluating metric gates is a later stage of the engine.
/// </summary>
public static partial class MetricsBinder
{
    private const string ComparisonExpected = "one of <, <=, >, >=";

    public static IReadOnlyList<MetricCheck> Bind(ConfigSequence list, ConfigErrors errors)
    {
        var checks = new List<MetricCheck>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (MappingReader.Of(item, errors, PipelineKeys.Pipeline["metrics[]"], "a metric check") is not { } metric) continue;
            var name = metric.Text("name", required: true, expected: "a short name such as error-rate");
            if (name is not null && !NamePattern().IsMatch(name))
                errors.Add(metric.Get("name")!.Span, $"'{name}' is not a metric name", "lowercase letters, digits and dashes, e.g. error-rate");
            else if (name is not null && !names.Add(name))
                errors.Add(metric.Get("name")!.Span, $"metric '{name}' is declared twice", "unique metric names");
            var query = Query(metric, errors);
            var threshold = metric.Number("threshold", required: true);
            var comparison = metric.Get("comparison") is { } c ? ParseComparison(c, errors) : Comparison.LessOrEqual;
            if (name is not null && query is not null && threshold is not null && comparison is not null)
                checks.Add(new MetricCheck(name, query, threshold.Value, comparison.Value));
        }
        return checks;
    }

    /// <summary>Exactly one of <c>query</c> and <c>ratio</c>; a ratio becomes <c>(numerator) / (denominator)</c>.</summary>
    private static string? Query(MappingReader metric, ConfigErrors errors)
    {
        var hasQuery = metric.Get("query") is not null;
        var hasRatio = metric.Get("ratio") is not null;
        if (hasQuery == hasRatio)
        {
            errors.Add(metric.Span, hasQuery ? "a metric check has both 'query' and 'ratio'" : "a metric check has neither 'query' nor 'ratio'",
                "exactly one of query: <PromQL> or ratio: {numerator, denominator}");
            return null;
        }
        if (hasQuery) return metric.Text("query", expected: "a PromQL expression");
        if (metric.Mapping("ratio", PipelineKeys.Pipeline["metrics[].ratio"]) is not { } ratio) return null;
        var numerator = ratio.Text("numerator", required: true, expected: "a PromQL expression");
        var denominator = ratio.Text("denominator", required: true, expected: "a PromQL expression");
        return numerator is null || denominator is null ? null : $"({numerator}) / ({denominator})";
    }

    private static Comparison? ParseComparison(ConfigNode node, ConfigErrors errors)
    {
        switch (ConfigValues.Text(node, errors, ComparisonExpected))
        {
            case "<": return Comparison.LessThan;
            case "<=": return Comparison.LessOrEqual;
            case ">": return Comparison.GreaterThan;
            case ">=": return Comparison.GreaterOrEqual;
            case null: return null;
            case var other:
                errors.Add(node.Span, $"'{other}' is not a comparison", ComparisonExpected);
                return null;
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex NamePattern();
}

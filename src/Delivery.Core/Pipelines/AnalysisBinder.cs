using System.Text.RegularExpressions;
using Delivery.Core.Analysis;
using Delivery.Core.Canary;
using Delivery.Core.Pipelines.Config;

namespace Delivery.Core.Pipelines;

/// <summary>
/// Maps the <c>analysis:</c> section onto <see cref="AnalysisPolicy"/>: timing, the traffic check, the confidence, the
/// fallbacks, and the checks. Selectors are parsed here, so a typo in PromQL is a file:line:col error before any side
/// effect rather than a query error in the middle of a canary.
/// </summary>
public static partial class AnalysisBinder
{
    private const string FallbackExpected = "pause or rollback";
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Keys => PipelineKeys.Pipeline;

    public static AnalysisPolicy? Bind(ConfigNode node, ConfigErrors errors)
    {
        if (MappingReader.Of(node, errors, Keys["analysis"], "analysis") is not { } map) return null;
        var policy = new AnalysisPolicy();
        if (map.Duration("interval") is { } interval) policy = policy with { Interval = interval };
        if (map.Duration("maxDuration") is { } max) policy = policy with { MaxDuration = max };
        if (map.Get("warmup") is { } warmupNode)
        {
            // Zero is a fine warm-up; the general duration reader refuses it.
            var warmup = warmupNode is ConfigScalar { Value: "0" or "0s" } ? TimeSpan.Zero : ConfigValues.Duration(warmupNode, errors);
            if (warmup is { } w) policy = policy with { Warmup = w };
        }
        if (map.Integer("minimumRequests", 1, 10_000_000) is { } minimum) policy = policy with { MinimumRequests = minimum };
        if (map.Percentage("confidence", min: 50, max: 99.9999) is { } confidence) policy = policy with { Confidence = confidence };
        if (map.Get("onErrors") is { } onErrors && Fallback(onErrors, errors) is { } e) policy = policy with { OnErrors = e };
        if (map.Get("onInconclusive") is { } onInconclusive && Fallback(onInconclusive, errors) is { } i) policy = policy with { OnInconclusive = i };
        if (policy.MaxDuration < policy.Interval)
            errors.Add((map.Get("maxDuration") ?? map.Get("interval"))!.Span, "maxDuration is shorter than interval", "a maxDuration of at least one interval");
        var checks = new List<AnalysisCheck>();
        if (map.Sequence("checks", required: true, "a list of checks (errors, latency or query)") is { } list)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.Items)
                if (BindCheck(item, errors) is { } check)
                {
                    if (names.Add(check.Name)) checks.Add(check);
                    else errors.Add(item.Span, $"check '{check.Name}' is declared twice", "unique check names");
                }
            if (list.Items.Count == 0) errors.Add(list.Span, "the analysis has no checks", "at least one check, or no analysis section");
        }
        return policy with { Checks = checks };
    }

    private static AnalysisCheck? BindCheck(ConfigNode item, ConfigErrors errors)
    {
        if (MappingReader.Of(item, errors, Keys["analysis.checks[]"], "a check") is not { } check) return null;
        var name = check.Text("name", required: true, expected: "a short name such as error-rate");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            errors.Add(check.Get("name")!.Span, $"'{name}' is not a check name", "lowercase letters, digits and dashes, e.g. error-rate");
            name = null;
        }
        var kinds = new[] { "errors", "latency", "query" }.Where(k => check.Get(k) is not null).ToList();
        if (kinds.Count != 1)
        {
            errors.Add(check.Span, kinds.Count == 0 ? "a check has none of errors, latency and query" : $"a check has {string.Join(" and ", kinds)}",
                "exactly one of errors: {requests, failed}, latency: {buckets, quantile} or query: <PromQL>");
            return null;
        }
        Refuse(check, errors, kinds[0] == "query" ? ["limit", "maxIncrease"] : ["threshold", "comparison"], kinds[0]);
        var ratio = check.Get("maxRatio") is { } ratioNode ? Ratio(ratioNode, errors) : null;
        return kinds[0] switch
        {
            "errors" => Errors(check, name, ratio, errors),
            "latency" => Latency(check, name, ratio, errors),
            _ => Query(check, name, ratio, errors),
        };
    }

    private static ErrorRateCheck? Errors(MappingReader check, string? name, double? ratio, ConfigErrors errors)
    {
        if (check.Mapping("errors", Keys["analysis.checks[].errors"]) is not { } counters) return null;
        var requests = Selector(counters, "requests", errors);
        var failed = Selector(counters, "failed", errors);
        var limit = check.Percentage("limit", min: 0.001, max: 100);
        var increase = check.Percentage("maxIncrease", min: 0.001, max: 100);
        if (name is null || requests is null || failed is null) return null;
        return new ErrorRateCheck(name, requests, failed) { Limit = limit, MaxRatio = ratio, MaxIncrease = increase ?? 0.01 };
    }

    private static LatencyCheck? Latency(MappingReader check, string? name, double? ratio, ConfigErrors errors)
    {
        if (check.Mapping("latency", Keys["analysis.checks[].latency"]) is not { } latency) return null;
        var buckets = Selector(latency, "buckets", errors);
        if (buckets is not null && !buckets.Metric.EndsWith("_bucket", StringComparison.Ordinal))
            errors.Add(latency.Get("buckets")!.Span, $"'{buckets.Metric}' is not a histogram's bucket series", "the _bucket series of a histogram, e.g. lobby_http_request_duration_seconds_bucket");
        var quantile = latency.Number("quantile", required: true);
        if (quantile is { } q && q is <= 0 or >= 1)
        {
            errors.Add(latency.Get("quantile")!.Span, $"{q} is not a quantile", "a number between 0 and 1, e.g. 0.99");
            quantile = null;
        }
        var limit = check.Duration("limit");
        var increase = check.Percentage("maxIncrease", min: 0.001, max: 100);
        if (name is null || buckets is null || quantile is null) return null;
        return new LatencyCheck(name, buckets, quantile.Value) { Limit = limit, MaxRatio = ratio, MaxIncrease = increase ?? 0.01 };
    }

    private static QueryCheck? Query(MappingReader check, string? name, double? ratio, ConfigErrors errors)
    {
        var query = check.Text("query", expected: "a PromQL expression with {{matchers}}");
        if (query is not null)
        {
            var span = check.Get("query")!.Span;
            if (!query.Contains(QueryCheck.Matchers, StringComparison.Ordinal))
                errors.Add(span, "the query has no {{matchers}}", "a PromQL template whose selectors carry {{matchers}} and whose result has zone and track labels, e.g. max by (zone, track) (x{ {{matchers}} })");
            foreach (Match unknown in PlaceholderPattern().Matches(query))
                if (!QueryCheck.Placeholders.Contains(unknown.Value))
                    errors.Add(span, $"unknown placeholder {unknown.Value} in the query", "one of " + string.Join(", ", QueryCheck.Placeholders));
        }
        var threshold = check.Number("threshold", required: true);
        var comparison = check.Get("comparison") is { } c ? MetricComparison(c, errors) : Comparison.LessOrEqual;
        if (ratio is not null && comparison is Comparison.GreaterThan or Comparison.GreaterOrEqual)
            errors.Add(check.Get("maxRatio")!.Span, "maxRatio with a lower bound", "maxRatio only with < or <= (it limits how far the canary may rise above stable)");
        if (name is null || query is null || threshold is null || comparison is null) return null;
        return new QueryCheck(name, query, threshold.Value, comparison.Value) { MaxRatio = ratio };
    }

    private static PromSelector? Selector(MappingReader map, string key, ConfigErrors errors)
    {
        const string expected = "a PromQL selector such as lobby_http_requests_total{route=~\"/v1/.*\"}";
        if (map.Get(key, required: true, expected) is not { } node || ConfigValues.Text(node, errors, expected) is not { } text) return null;
        if (PromSelector.TryParse(text, out var selector, out var error)) return selector;
        // Point at the character: a plain or quoted scalar on one line starts at the node's column (+1 for the quote).
        var column = node.Span.Column + error.Offset + (node is ConfigScalar { Quoted: true } ? 1 : 0);
        errors.Add(node.Span with { Column = column }, $"'{text}' is not a selector", error.Problem);
        return null;
    }

    private static void Refuse(MappingReader check, ConfigErrors errors, IEnumerable<string> keys, string kind)
    {
        foreach (var key in keys)
            if (check.Get(key) is { } node)
                errors.Add(node.Span, $"'{key}' does not apply to {(kind == "errors" ? "an" : "a")} {kind} check",
                    kind == "query" ? "threshold, comparison and maxRatio for a query check" : "limit, maxRatio and maxIncrease for errors and latency checks");
    }

    private static double? Ratio(ConfigNode node, ConfigErrors errors)
    {
        if (ConfigValues.Number(node, errors, "a factor above 1, e.g. 2") is not { } value) return null;
        if (value > 1) return value;
        errors.Add(node.Span, $"{value} is not above 1", "a factor above 1, e.g. 2 (twice stable's value)");
        return null;
    }

    private static AnalysisFallback? Fallback(ConfigNode node, ConfigErrors errors)
    {
        switch (ConfigValues.Text(node, errors, FallbackExpected))
        {
            case "pause": return AnalysisFallback.Pause;
            case "rollback": return AnalysisFallback.RollBack;
            case null: return null;
            case var other:
                errors.Add(node.Span, $"'{other}' is not a fallback", FallbackExpected);
                return null;
        }
    }

    internal static Comparison? MetricComparison(ConfigNode node, ConfigErrors errors)
    {
        const string expected = "one of <, <=, >, >=";
        switch (ConfigValues.Text(node, errors, expected))
        {
            case "<": return Comparison.LessThan;
            case "<=": return Comparison.LessOrEqual;
            case ">": return Comparison.GreaterThan;
            case ">=": return Comparison.GreaterOrEqual;
            case null: return null;
            case var other:
                errors.Add(node.Span, $"'{other}' is not a comparison", expected);
                return null;
        }
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    internal static partial Regex NamePattern();

    [GeneratedRegex(@"\{\{[^{}]*\}\}")]
    private static partial Regex PlaceholderPattern();
}

using System.Text;
using Delivery.Engine;
using static Delivery.Reports.ReportFormat;

namespace Delivery.Reports;

// The analysis: one card per check and zone, so the zones of a check sit side by side and a reader sees at once
// whether a regression is everywhere (the release) or in one zone.
public static partial class HtmlReport
{
    private const string Legend = """
        <div class="legend">
        <span><i class="swatch canary"></i>canary</span>
        <span><i class="swatch stable"></i>stable</span>
        <span><i class="swatch limit"></i>hard limit (upper chart) · tolerance (lower chart)</span>
        <span><i class="swatch ratio"></i>limit relative to stable</span>
        <span><i class="swatch decision"></i>decision</span>
        <span><i class="swatch difference"></i>canary − stable since the analysis began</span>
        <span><i class="swatch band"></i>its confidence band</span>
        </div>

        """;

    private static void Analysis(StringBuilder page, RunReport report, AnalysisReport analysis)
    {
        var origin = analysis.StartedAt ?? analysis.Evaluations.Select(e => e.At).DefaultIfEmpty(report.StartedAt).Min();
        page.Append("<section id=\"analysis\">\n<h2>Analysis</h2>\n<p class=\"sub\">");
        page.Append(analysis.StartedAt is { } began
            ? $"Began {H(Clock(began))} ({H(Offset(began, report.StartedAt))} into the run)"
            : "The canaries never became healthy everywhere, so the analysis never began");
        if (analysis.DecidedAt is { } decided)
            page.Append($" · decided {H(Clock(decided))}, after {H(Duration(decided - origin))}");
        page.Append("</p>\n");
        page.Append(analysis.Decision is { } decision
            ? $"<p class=\"message\"><strong>Decision:</strong> {H(decision)}</p>\n"
            : "<p class=\"message empty\">It did not decide.</p>\n");
        page.Append(Legend);
        if (ReportCharts.TextMissing)
            page.Append("<p class=\"notice warn\">The charts have no labels: the machine that wrote this report has no fonts " +
                        "(on Debian: apt-get install fonts-dejavu-core).</p>\n");
        var checks = Checks(analysis);
        for (var c = 0; c < checks.Count; c++) Check(page, report, analysis, checks[c], $"c{c}", origin);
        page.Append("</section>\n");
    }

    /// <summary>The configured checks, then any check only the evaluations name (shown in raw values).</summary>
    private static List<CheckReport> Checks(AnalysisReport analysis) =>
        analysis.Checks.Concat(analysis.Evaluations.Select(e => e.Check).Distinct()
                .Where(name => analysis.Checks.All(c => c.Name != name))
                .Select(name => new CheckReport(name, "unknown", "value", new Dictionary<string, double>())))
            .ToList();

    private static void Check(StringBuilder page, RunReport report, AnalysisReport analysis, CheckReport check, string id, DateTimeOffset origin)
    {
        var unit = CheckUnit.Of(check.Unit);
        var thresholds = string.Join(" · ", check.Thresholds.Select(t => $"{t.Key} {unit.Threshold(t.Key, t.Value)}"));
        page.Append($"<h3>{H(check.Name)}</h3>\n<p class=\"sub\">{H(check.Kind)} in {H(check.Unit)}{(thresholds.Length > 0 ? " · " + H(thresholds) : "")}</p>\n");
        var evaluations = analysis.Evaluations.Where(e => e.Check == check.Name).ToList();
        // The run's zone order (the pipeline's) first, then any zone only the evaluations know.
        var zones = report.Zones.Select(z => z.Zone).Concat(evaluations.Select(e => e.Zone)).Distinct()
            .Where(zone => evaluations.Any(e => e.Zone == zone)).ToList();
        if (zones.Count == 0)
        {
            page.Append("<p class=\"empty\">No evaluations.</p>\n");
            return;
        }
        page.Append("<div class=\"cards\">\n");
        for (var z = 0; z < zones.Count; z++)
        {
            var records = evaluations.Where(e => e.Zone == zones[z]).OrderBy(e => e.At).ToList();
            Card(page, new ZoneSeries($"{id}z{z}", check.Name, zones[z], unit, records, origin, analysis.DecidedAt));
        }
        page.Append("</div>\n");
    }

    private static void Card(StringBuilder page, ZoneSeries series)
    {
        var latest = series.Records[^1];
        page.Append($"<article class=\"card\">\n<h4>{H(series.Zone)} <span class=\"badge {ReportStyles.Tone(latest.Phase)}\">{H(latest.Phase)}</span></h4>\n");
        page.Append("<div class=\"chart\">");
        page.Append(ReportCharts.Comparison(series) ?? "<p class=\"empty\">No canary or stable values to plot.</p>");
        page.Append("</div>\n");
        if (ReportCharts.Difference(series) is { } difference)
            page.Append($"<div class=\"chart\">{difference}</div>\n");
        page.Append($"<p class=\"message\">{H(latest.Message)}</p>\n");
        var last = series.Records.Where(r => r.Numbers.ContainsKey("canary") || r.Numbers.ContainsKey("stable")).LastOrDefault();
        if (last is not null) page.Append(Latest(last, series.Unit));
        var queries = series.Records.SelectMany(r => r.Queries).Distinct().ToList();
        if (queries.Count > 0)
            page.Append($"<details><summary>Queries ({queries.Count})</summary><pre>{H(string.Join("\n\n", queries))}</pre></details>\n");
        page.Append($"<details><summary>Every evaluation ({series.Records.Count})</summary>{Evaluations(series)}</details>\n");
        page.Append("</article>\n");
    }

    /// <summary>The last values in words under the chart, coloured like their lines.</summary>
    private static string Latest(EvaluationRecord record, CheckUnit unit)
    {
        string Value(string key) => record.Numbers.TryGetValue(key, out var v) ? unit.Format(v) : "—";
        return $"<p class=\"sub\">Last read {H(ShortClock(record.At))}: <strong class=\"canary\">canary {H(Value("canary"))}</strong> · " +
               $"<strong class=\"stable\">stable {H(Value("stable"))}</strong></p>\n";
    }

    private static string Evaluations(ZoneSeries series)
    {
        var rows = new StringBuilder("<table>\n<thead><tr><th>Time</th><th>Phase</th><th class=\"num\">Canary</th><th class=\"num\">Stable</th><th>Message</th></tr></thead>\n<tbody>\n");
        foreach (var r in series.Records)
        {
            string Value(string key) => r.Numbers.TryGetValue(key, out var v) ? series.Unit.Format(v) : "—";
            rows.Append($"<tr><td class=\"nowrap\">{H(Offset(r.At, series.Origin))}</td><td>{H(r.Phase)}</td><td class=\"num\">{H(Value("canary"))}</td>" +
                        $"<td class=\"num\">{H(Value("stable"))}</td><td>{H(r.Message)}</td></tr>\n");
        }
        return rows.Append("</tbody>\n</table>").ToString();
    }
}

using System.Text;
using Delivery.Engine;
using static Delivery.Reports.ReportFormat;

namespace Delivery.Reports;

/// <summary>
/// One run as a single HTML file a person opens in a browser: what happened and why, the per-zone verdicts, the
/// analysis charts (canary against stable), hooks, timeline and timings. Self-contained on purpose: no scripts, no
/// fonts or styles fetched, charts inline as SVG, so it can be mailed, attached to a ticket or opened offline years later.
/// </summary>
public static partial class HtmlReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var page = new StringBuilder(64 * 1024);
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{H($"{report.Pipeline} · {report.Environment} · {report.Outcome}")}</title>
            <style>
            {ReportStyles.Css}
            </style>
            </head>
            <body>
            <main>

            """);
        Header(page, report);
        Zones(page, report);
        if (report.Analysis is { } analysis) Analysis(page, report, analysis);
        Hooks(page, report);
        Timeline(page, report);
        Timings(page, report);
        page.Append($"""
            <footer>Run {H(report.RunId)} · written by Delivery from the run's JSON report</footer>
            </main>
            </body>
            </html>

            """);
        return page.ToString();
    }

    private static void Header(StringBuilder page, RunReport report)
    {
        var outcome = report.Outcome.ToString();
        page.Append($"""
            <header class="run">
            <h1>{H(report.Pipeline)} <span class="sub">→ {H(report.Environment)}</span> <span class="badge {ReportStyles.Tone(outcome)}">{H(outcome)}</span></h1>
            <p class="reason">{H(report.Reason ?? Sentence(report.Outcome))}</p>
            <dl class="facts">

            """);
        Fact(page, "Kind", H(report.Kind));
        if (report.Release is { } release)
        {
            Fact(page, "Commit", $"<span class=\"mono\" title=\"{H(release.Commit)}\">{H(ShortCommit(release.Commit))}</span>{(release.Dirty ? " <span class=\"badge warn\">dirty</span>" : "")}");
            Fact(page, "Image", $"<span class=\"mono\">{H(release.Image)}</span>");
            if (release.Digest is { } digest) Fact(page, "Digest", $"<span class=\"mono\">{H(digest)}</span>");
        }
        Fact(page, "Started", H(Clock(report.StartedAt)));
        Fact(page, "Finished", H(Clock(report.FinishedAt)));
        Fact(page, "Duration", H(Duration(report.FinishedAt - report.StartedAt)));
        Fact(page, "Run", $"<span class=\"mono\">{H(report.RunId)}</span>");
        page.Append("</dl>\n</header>\n");
    }

    /// <summary>When the report has no reason sentence, the outcome still reads as one.</summary>
    private static string Sentence(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Promoted => "The release was promoted.",
        RunOutcome.AlreadyLive => "The release was already live.",
        RunOutcome.RolledBack => "The release was rolled back.",
        RunOutcome.Paused => "The run paused.",
        _ => "The run failed.",
    };

    private static void Fact(StringBuilder page, string term, string html) =>
        page.Append($"<div><dt>{H(term)}</dt><dd>{html}</dd></div>\n");

    private static void Zones(StringBuilder page, RunReport report)
    {
        page.Append("<section id=\"zones\">\n<h2>Verdicts per zone</h2>\n");
        if (report.Zones.Count == 0)
        {
            page.Append("<p class=\"empty\">No zone was judged.</p>\n</section>\n");
            return;
        }
        page.Append("<table>\n<thead><tr><th>Zone</th><th>Verdict</th><th>Message</th></tr></thead>\n<tbody>\n");
        foreach (var zone in report.Zones)
            page.Append($"<tr><td class=\"nowrap\">{H(zone.Zone)}</td><td><span class=\"badge {ReportStyles.Tone(zone.Verdict)}\">{H(zone.Verdict)}</span></td><td>{H(zone.Message)}</td></tr>\n");
        page.Append("</tbody>\n</table>\n</section>\n");
    }
}

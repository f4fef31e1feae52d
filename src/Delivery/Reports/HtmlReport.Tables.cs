using System.Text;
using Delivery.Engine;
using static Delivery.Reports.ReportFormat;

namespace Delivery.Reports;

// Hooks, timeline, stage timings and push figures: plain tables, in the order a reader asks "what ran, what happened
// when, where did the time go".
public static partial class HtmlReport
{
    private static void Hooks(StringBuilder page, RunReport report)
    {
        if (report.Hooks.Count == 0) return;
        page.Append("<section id=\"hooks\">\n<h2>Hooks</h2>\n<table>\n<thead><tr><th>Hook</th><th>Phase</th><th>Result</th>" +
                    "<th class=\"num\">Code</th><th class=\"num\">Time</th><th>Message</th></tr></thead>\n<tbody>\n");
        foreach (var hook in report.Hooks)
        {
            var result = hook.Passed ? "<span class=\"badge good\">passed</span>" : "<span class=\"badge bad\">failed</span>";
            var output = hook.Output.Length == 0 ? ""
                : $"<details><summary>Output</summary><pre>{H(hook.Output)}</pre></details>";
            page.Append($"<tr><td class=\"nowrap\">{H(hook.Name)}</td><td class=\"nowrap\">{H(hook.Phase)}</td><td>{result}</td>" +
                        $"<td class=\"num\">{(hook.Code is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—")}</td>" +
                        $"<td class=\"num\">{H(Seconds(hook.Seconds))}</td><td>{H(hook.Message)}{output}</td></tr>\n");
        }
        page.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Timeline(StringBuilder page, RunReport report)
    {
        if (report.Timeline.Count == 0) return;
        page.Append("<section id=\"timeline\">\n<h2>Timeline</h2>\n<table>\n<thead><tr><th>Time</th><th class=\"num\">Since start</th>" +
                    "<th>Event</th><th>Message</th></tr></thead>\n<tbody>\n");
        foreach (var entry in report.Timeline)
            page.Append($"<tr><td class=\"nowrap\">{H(ShortClock(entry.At))}</td><td class=\"num\">{H(Offset(entry.At, report.StartedAt))}</td>" +
                        $"<td class=\"nowrap mono\">{H(entry.Code)}</td><td>{H(entry.Message)}</td></tr>\n");
        page.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Timings(StringBuilder page, RunReport report)
    {
        if (report.StageSeconds.Count == 0 && report.Push is null) return;
        page.Append("<section id=\"timings\">\n<h2>Timings and push</h2>\n");
        if (report.StageSeconds.Count > 0)
        {
            var total = (report.FinishedAt - report.StartedAt).TotalSeconds;
            page.Append("<table class=\"compact\">\n<thead><tr><th>Stage</th><th class=\"num\">Time</th><th class=\"num\">Share of the run</th></tr></thead>\n<tbody>\n");
            foreach (var (stage, seconds) in report.StageSeconds.OrderByDescending(s => s.Value))
                page.Append($"<tr><td>{H(stage)}</td><td class=\"num\">{H(Seconds(seconds))}</td><td class=\"num\">{H(Share(seconds, total))}</td></tr>\n");
            // Wait steps sit inside the stages; shown apart because engine overhead is measured against them.
            if (report.RequestedWaitSeconds > 0)
                page.Append($"<tr class=\"sub\"><td>of which waiting, as the pipeline asked</td><td class=\"num\">{H(Seconds(report.RequestedWaitSeconds))}</td>" +
                            $"<td class=\"num\">{H(Share(report.RequestedWaitSeconds, total))}</td></tr>\n");
            page.Append("</tbody>\n</table>\n");
        }
        if (report.Push is { } push)
        {
            page.Append("<h3>Push</h3>\n<dl class=\"facts\">\n");
            Fact(page, "Uploaded", $"{H(Bytes(push.BytesUploaded))} in {H(Count(push.BlobsUploaded))} blobs");
            Fact(page, "Skipped", $"{H(Count(push.BlobsSkipped))} blobs already in the registry");
            Fact(page, "Image size", H(Bytes(push.ImageBytes)));
            Fact(page, "Kind", H(push.Kind) + (push.BakeSkipped ? " · bake skipped (image already built)" : ""));
            page.Append("</dl>\n");
        }
        page.Append("</section>\n");
    }

    private static string Share(double part, double whole) =>
        whole > 0 ? (part / whole).ToString("0%", System.Globalization.CultureInfo.InvariantCulture) : "—";
}

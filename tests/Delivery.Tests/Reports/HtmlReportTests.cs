using System.Text.RegularExpressions;
using Delivery.Engine;
using Delivery.Reports;

namespace Delivery.Tests.Reports;

public sealed class HtmlReportTests
{
    private static readonly string Page = HtmlReport.Render(SampleRun.Report());

    [Fact]
    public void Render_RolledBackRun_ShowsOutcomeZonesAndChecks()
    {
        Assert.Contains(">RolledBack</span>", Page);
        Assert.Contains("class=\"badge warn\">RolledBack", Page);
        foreach (var zone in SampleRun.Zones) Assert.Contains(zone, Page);
        Assert.Contains("<h3>error-rate</h3>", Page);
        Assert.Contains("<h3>p99-latency</h3>", Page);
        Assert.Contains("7f3a9c2e41d0", Page);
        Assert.Contains("sha256:4be1c0ffee5d8a2b9e7f", Page);
    }

    [Fact]
    public void Render_TwoChecksInThreeZones_DrawsValuesAndDifferenceChartForEach()
    {
        // 2 checks × 3 zones × (canary against stable + difference with its band).
        Assert.Equal(12, Regex.Count(Page, "<svg"));
        Assert.Equal(6, Regex.Count(Page, "canary against stable over time"));
        Assert.Equal(6, Regex.Count(Page, "canary minus stable with its confidence band"));
    }

    [Fact]
    public void Render_MarkupInMessages_IsEscaped()
    {
        Assert.DoesNotContain("<script", Page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;zone&#39;)&lt;/script&gt;", Page);
        Assert.Contains("&lt;html&gt;Internal Server Error&lt;/html&gt;", Page);
    }

    [Fact]
    public void Render_Always_NamesNoAddressToFetch()
    {
        Assert.DoesNotContain("http://", Page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", Page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", Page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", Page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_ManyCharts_GivesEveryChartItsOwnIds()
    {
        var ids = Regex.Matches(Page, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (Match url in Regex.Matches(Page, "url\\(#([^)]+)\\)")) Assert.Contains(url.Groups[1].Value, ids);
    }

    [Fact]
    public void Render_FontsInstalled_ChartsCarryTheirLabels()
    {
        Assert.False(ReportCharts.TextMissing, "SkiaSharp finds no font here, so charts lose their labels. Install one (as root): apt-get install -y fonts-dejavu-core");
        Assert.Matches(@">\s*limit 5%\s*</text>", Page);
        Assert.Matches(@">\s*tolerance 1 pp\s*</text>", Page);
        Assert.Matches(@">\s*decided\s*</text>", Page);
        Assert.DoesNotContain("The charts have no labels", Page);
    }

    [Fact]
    public void Render_HooksTimelineAndTimings_AreListed()
    {
        Assert.Contains("smoke-test", Page);
        Assert.Contains("notify-chat", Page);
        Assert.Contains("analysis-started", Page);
        Assert.Contains("<td>canary</td>", Page);
        Assert.Contains("46.1 MiB in 3 blobs", Page);
        Assert.Contains("9 blobs already in the registry", Page);
    }

    [Fact]
    public void Render_NoAnalysis_HasNoChartsAndStillTheVerdicts()
    {
        var report = SampleRun.Report() with { Outcome = RunOutcome.Promoted, Analysis = null, Hooks = [] };

        var page = HtmlReport.Render(report);

        Assert.DoesNotContain("<svg", page);
        Assert.DoesNotContain("id=\"analysis\"", page);
        Assert.Contains("class=\"badge good\">Promoted", page);
        Assert.Contains("us-east-1b", page);
    }

    [Fact]
    public void Render_EvaluationsWithoutNumbers_SaysSoInsteadOfAnEmptyChart()
    {
        var error = new EvaluationRecord(SampleRun.AnalysisStarted.AddSeconds(30), "error-rate", "us-east-1a", "Error",
            "error-rate in us-east-1a: could not read the metrics: connection refused", [], new Dictionary<string, double>());
        var report = SampleRun.Report() with { Analysis = new AnalysisReport(SampleRun.AnalysisStarted, null, null, SampleRun.Report().Analysis!.Checks, [error]) };

        var page = HtmlReport.Render(report);

        Assert.DoesNotContain("<svg", page);
        Assert.Contains("No canary or stable values to plot.", page);
        Assert.Contains("could not read the metrics: connection refused", page);
        Assert.Contains("It did not decide.", page);
    }

    [Theory]
    [InlineData("ratio", 0.05, "5%")]
    [InlineData("ratio", 0.0042, "0.42%")]
    [InlineData("seconds", 0.25, "250 ms")]
    [InlineData("seconds", 1.5, "1500 ms")]
    [InlineData("value", 42.5, "42.5")]
    public void CheckUnit_Format_ShowsRatiosAsPercentAndSecondsAsMilliseconds(string unit, double raw, string shown) =>
        Assert.Equal(shown, CheckUnit.Of(unit).Format(raw));

    [Fact]
    public void ChartSvg_Inline_DropsNamespacesAndPrefixesIds()
    {
        const string svg = """
            <?xml version="1.0" encoding="utf-8" ?>
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="440" height="260">
            <clipPath id="cl_4"><rect/></clipPath><g clip-path="url(#cl_4)"></g></svg>
            """;

        var inline = ChartSvg.Inline(svg, "c0z1", "a <chart>");

        Assert.StartsWith("<svg viewBox=\"0 0 440 260\" width=\"440\" height=\"260\" role=\"img\" aria-label=\"a &lt;chart&gt;\"", inline);
        Assert.Contains("id=\"c0z1-cl_4\"", inline);
        Assert.Contains("url(#c0z1-cl_4)", inline);
        Assert.DoesNotContain("http", inline);
    }
}

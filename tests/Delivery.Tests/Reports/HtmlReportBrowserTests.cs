using Delivery.Reports;
using SkiaSharp;
using Xunit.Abstractions;

namespace Delivery.Tests.Reports;

/// <summary>
/// The page as a person sees it: rendered by a real browser with no network, then the screenshot is checked for the
/// canary and stable lines. It catches what string tests cannot: SVG the browser refuses, charts clipped away, CSS
/// that hides them. Set DELIVERY_REPORT_KEEP to a folder to keep the page and its screenshot for a look.
/// </summary>
public sealed class HtmlReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const int Width = 1400, Height = 3000;
    private const int Enough = 500; // pixels of each series colour; the sample draws several thousand of each
    private readonly string _temp = Directory.CreateTempSubdirectory("html-report-").FullName;

    [Fact]
    public async Task Render_InHeadlessChromium_ShowsCanaryAndStableLines()
    {
        if (HeadlessChromium.Missing() is { } missing) Assert.Fail(missing);
        var html = Path.Combine(_temp, "report.html");
        var png = Path.Combine(_temp, "report.png");
        await File.WriteAllTextAsync(html, HtmlReport.Render(SampleRun.Report()));

        await HeadlessChromium.ScreenshotAsync(html, png, Width, Height, Directory.CreateDirectory(Path.Combine(_temp, "profile")).FullName);
        Keep(html, png);

        using var screenshot = SKBitmap.Decode(png) ?? throw new InvalidOperationException($"Could not decode the screenshot {png}.");
        var canary = Count(screenshot, SKColor.Parse(ReportStyles.Canary));
        var stable = Count(screenshot, SKColor.Parse(ReportStyles.Stable));
        output.WriteLine($"{screenshot.Width}×{screenshot.Height}: {canary} canary pixels, {stable} stable pixels");
        Assert.True(canary > Enough, $"Only {canary} pixels of the canary colour {ReportStyles.Canary} in the screenshot; the charts did not render.");
        Assert.True(stable > Enough, $"Only {stable} pixels of the stable colour {ReportStyles.Stable} in the screenshot; the charts did not render.");
    }

    /// <summary>Pixels within a small distance of <paramref name="colour"/>: line cores, not their anti-aliased edges.</summary>
    private static int Count(SKBitmap bitmap, SKColor colour)
    {
        const int tolerance = 24;
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
            if (Math.Abs(pixel.Red - colour.Red) <= tolerance && Math.Abs(pixel.Green - colour.Green) <= tolerance &&
                Math.Abs(pixel.Blue - colour.Blue) <= tolerance)
                count++;
        return count;
    }

    private void Keep(string html, string png)
    {
        if (Environment.GetEnvironmentVariable("DELIVERY_REPORT_KEEP") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        File.Copy(html, Path.Combine(folder, "report.html"), overwrite: true);
        File.Copy(png, Path.Combine(folder, "report.png"), overwrite: true);
        output.WriteLine($"kept {Path.Combine(folder, "report.png")}");
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}

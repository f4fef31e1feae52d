using System.Text.RegularExpressions;

namespace Delivery.Reports;

/// <summary>
/// Turns the standalone SVG document ScottPlot writes into an element that can sit inline in HTML beside others.
/// </summary>
internal static partial class ChartSvg
{
    /// <param name="svg">What <c>Plot.GetSvgXml</c> returned.</param>
    /// <param name="id">Unique in the page: every <c>id</c> in the chart is prefixed with it.</param>
    /// <param name="label">What the chart shows, for screen readers (encoded here).</param>
    public static string Inline(string svg, string id, string label)
    {
        // The XML declaration is not allowed inside HTML, and the HTML parser puts <svg> in the SVG namespace by
        // itself, so the xmlns URLs go too: the page then names no http(s) address at all.
        svg = XmlDeclaration().Replace(svg, "");
        svg = Namespace().Replace(svg, "");
        // A viewBox lets CSS scale the chart to its card; ScottPlot writes only width and height.
        svg = Root().Replace(svg, m =>
            $"<svg viewBox=\"0 0 {m.Groups["w"].Value} {m.Groups["h"].Value}\" width=\"{m.Groups["w"].Value}\" height=\"{m.Groups["h"].Value}\" " +
            $"role=\"img\" aria-label=\"{ReportFormat.H(label)}\"", 1);
        // Skia names clip paths cl_1, cl_2… in every document; inline, the ids of all charts share one page and
        // url(#cl_4) would clip this chart by another chart's data area.
        return Reference().Replace(svg, m => m.Groups["lead"].Value + id + "-");
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"\s+xmlns(:\w+)?=""[^""]*""")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"<svg\s+width=""(?<w>[\d.]+)""\s+height=""(?<h>[\d.]+)""")]
    private static partial Regex Root();

    [GeneratedRegex(@"(?<lead>\bid=""|url\(#|href=""#)")]
    private static partial Regex Reference();
}

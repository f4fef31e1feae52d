using ScottPlot;
using ScottPlot.TickGenerators;

namespace Delivery.Reports;

/// <summary>
/// The two charts of one check in one zone, drawn by ScottPlot and written as SVG (crisp at any zoom, and text stays
/// text). Chart text is measured with DejaVu Sans, which Debian's <c>fonts-dejavu-core</c> installs (see
/// <see cref="TextMissing"/>); the page's CSS asks the browser for the same family.
/// </summary>
internal static class ReportCharts
{
    // Drawn at about the size a card shows them (three zones side by side on a laptop), so text keeps its 12 px.
    public const int Width = 440;
    public const int Height = 260;
    public const int DifferenceHeight = 180;
    private const string Font = "DejaVu Sans";

    /// <summary>
    /// True when Skia finds no font at all (a bare container): ScottPlot then silently leaves every label out. Debian's
    /// <c>fonts-dejavu-core</c> is enough; this SkiaSharp build scans /usr/share/fonts itself, not fontconfig's list.
    /// </summary>
    public static bool TextMissing => Fonts.GetTypeface(Font, false, false).GlyphCount == 0;

    /// <summary>Canary against stable in the check's unit, with the hard limits and the moment of decision.</summary>
    public static string? Comparison(ZoneSeries series)
    {
        var scale = series.Unit.Scale;
        var (canary, stable) = (series.Points("canary", scale), series.Points("stable", scale));
        if (canary.X.Length == 0 && stable.X.Length == 0) return null;
        using var plot = NewPlot();
        var ratio = series.Points("ratioLimit", scale);
        if (ratio.X.Length > 0)
        {
            var line = plot.Add.ScatterLine(ratio.X, ratio.Y, Color.FromHex(ReportStyles.Limit));
            (line.LinePattern, line.LineWidth) = (LinePattern.Dotted, 2);
        }
        var limit = series.Latest("limit") * scale;
        if (limit is { } y) Level(plot, y, ReportStyles.Limit);
        Track(plot, stable, ReportStyles.Stable);
        Track(plot, canary, ReportStyles.Canary); // drawn last: the canary is what is judged
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = series.Unit.Tick };
        var (left, _) = TimeAxis(plot, series, canary.X.Concat(stable.X));
        plot.Axes.AutoScaleY();
        var auto = plot.Axes.GetLimits();
        // Rates and latencies read from zero; headroom above keeps the limit's label off the frame.
        var bottom = canary.Y.Concat(stable.Y).Concat(ratio.Y).DefaultIfEmpty(0).Min() >= 0 ? 0 : auto.Bottom;
        plot.Axes.SetLimitsY(bottom, auto.Top + (auto.Top - bottom) * 0.08);
        if (limit is { } l) Note(plot, $"limit {series.Unit.Tick(l)}", left, l, Alignment.LowerLeft, ReportStyles.Limit);
        Decision(plot, series);
        return ChartSvg.Inline(plot.GetSvgXml(Width, Height), series.Id + "-values",
            $"{series.Check} in {series.Zone}: canary against stable over time");
    }

    /// <summary>
    /// The sequential comparison (canary − stable, in points) with its confidence band, the tolerance and zero: the
    /// band narrows until it clears the tolerance (fail), falls under it (pass), or time runs out.
    /// </summary>
    public static string? Difference(ZoneSeries series)
    {
        var rows = series.With("difference", "lower", "upper").Where(r => double.IsFinite(r.Numbers["difference"])).ToList();
        if (rows.Count == 0) return null;
        var xs = rows.Select(r => series.X(r.At)).ToArray();
        double[] Pp(string key) => rows.Select(r => r.Numbers[key] * 100).ToArray();
        var (difference, lower, upper) = (Pp("difference"), Pp("lower"), Pp("upper"));
        var tolerance = series.Latest("tolerance") * 100;
        var (bottom, top) = Window(difference, lower[^1], upper[^1], tolerance ?? 0);
        // Early always-valid bounds are very wide (even infinite): they are clipped to the window, so the band
        // first fills the chart and then visibly narrows. Infinities would break the polygon, so they are clamped.
        var margin = top - bottom;
        double Clamp(double v) => Math.Clamp(v, bottom - margin, top + margin);
        using var plot = NewPlot();
        var band = plot.Add.FillY(xs, lower.Select(Clamp).ToArray(), upper.Select(Clamp).ToArray());
        (band.FillColor, band.LineColor, band.LineWidth) = (Color.FromHex(ReportStyles.Band).WithAlpha(0.7), Color.FromHex(ReportStyles.Band), 0);
        Level(plot, 0, "#90A4AE", LinePattern.Solid);
        if (tolerance is { } tol) Level(plot, tol, ReportStyles.Limit);
        var line = plot.Add.Scatter(xs, difference, Color.FromHex(ReportStyles.Difference));
        (line.LineWidth, line.MarkerSize) = (2, 4);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = v => CheckUnit.Points(v / 100) };
        var (left, _) = TimeAxis(plot, series, xs);
        plot.Axes.SetLimitsY(bottom, top);
        if (tolerance is { } t) Note(plot, $"tolerance {CheckUnit.Points(t / 100)}", left, t, Alignment.LowerLeft, ReportStyles.Limit);
        Decision(plot, series);
        return ChartSvg.Inline(plot.GetSvgXml(Width, DifferenceHeight), series.Id + "-difference",
            $"{series.Check} in {series.Zone}: canary minus stable with its confidence band");
    }

    /// <summary>The y range that holds the estimate, zero, the tolerance and the latest band, with room around.</summary>
    private static (double Bottom, double Top) Window(double[] difference, double lastLower, double lastUpper, double tolerance)
    {
        var finite = difference.Where(double.IsFinite).Append(0).Append(tolerance).ToList();
        if (double.IsFinite(lastLower)) finite.Add(lastLower);
        if (double.IsFinite(lastUpper)) finite.Add(lastUpper);
        var (low, high) = (finite.Min(), finite.Max());
        var pad = Math.Max((high - low) * 0.3, 0.05);
        return (low - pad, high + pad);
    }

    /// <summary>
    /// Both charts of a card start at the analysis start and end just after the last read or the decision, so their
    /// time axes line up and the zones of a check compare at a glance.
    /// </summary>
    private static (double Left, double Right) TimeAxis(Plot plot, ZoneSeries series, IEnumerable<double> xs)
    {
        var last = xs.Append(series.DecidedX ?? 0).Max();
        var (left, right) = (Math.Min(0, xs.DefaultIfEmpty(0).Min()), Math.Max(last, 1) * 1.04);
        plot.Axes.SetLimitsX(left, right);
        plot.XLabel("seconds since the analysis began", 12);
        return (left, right);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        // Without DejaVu, Skia falls back to its default typeface; the page's CSS names the same family for the browser.
        plot.Font.Set(Font);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.07);
        plot.Axes.Color(Color.FromHex("#52606D"));
        plot.Axes.FrameColor(Color.FromHex("#CBD2D9"));
        return plot;
    }

    private static void Track(Plot plot, (double[] X, double[] Y) points, string colour)
    {
        if (points.X.Length == 0) return;
        var line = plot.Add.Scatter(points.X, points.Y, Color.FromHex(colour));
        (line.LineWidth, line.MarkerSize) = (2.5f, 5);
    }

    private static void Level(Plot plot, double y, string colour, LinePattern? pattern = null) =>
        plot.Add.HorizontalLine(y, 1.5f, Color.FromHex(colour), pattern ?? LinePattern.Dashed);

    /// <summary>The decision line, labelled at the top on whichever side has room (it is often the last read).</summary>
    private static void Decision(Plot plot, ZoneSeries series)
    {
        if (series.DecidedX is not { } x) return;
        plot.Add.VerticalLine(x, 1.5f, Color.FromHex(ReportStyles.Decision), LinePattern.Dashed);
        var limits = plot.Axes.GetLimits();
        var leftOfLine = x > (limits.Left + limits.Right) / 2;
        Note(plot, "decided", x, limits.Top, leftOfLine ? Alignment.UpperRight : Alignment.UpperLeft, ReportStyles.Decision, leftOfLine ? -3 : 3);
    }

    /// <summary>A small label inside the data area, so it is never cut by the figure's edge as axis-line labels are.</summary>
    private static void Note(Plot plot, string text, double x, double y, Alignment alignment, string colour, float offsetX = 3)
    {
        var note = plot.Add.Text(text, x, y);
        (note.LabelAlignment, note.LabelFontColor, note.LabelFontSize, note.LabelFontName) = (alignment, Color.FromHex(colour), 11, Font);
        (note.OffsetX, note.OffsetY) = (offsetX, 2);
    }
}

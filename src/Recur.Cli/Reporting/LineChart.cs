using System.Text;

namespace Recur.Cli.Reporting;

/// <summary>
/// A line chart as one inline <c>&lt;svg&gt;</c> element: nice y ticks (linear or log), whole-number x ticks
/// labelled by <see cref="XTickLabel"/>, grid, axis titles, a legend, shaded bands and vertical markers. Each
/// unbroken run of a series is one <c>&lt;polyline&gt;</c> (NaN gaps split it; long series are thinned by
/// <see cref="Decimation"/>); series with few points also get a dot per point with a tooltip.
/// </summary>
internal sealed class LineChart
{
    /// <summary>Series with at most this many drawable points get a dot (with a tooltip) at every point.</summary>
    public const int MarkerLimit = 30;

    /// <summary>The chart's width in px (the SVG scales down to the page width).</summary>
    public const double Width = 1040;

    private const double CharWidth = 6.6;

    /// <summary>The element id (unique in the page; a constant or index, never user text).</summary>
    public required string Id { get; init; }

    /// <summary>The chart's CSS class (e.g. "chart-forecast").</summary>
    public required string CssClass { get; init; }

    /// <summary>The title shown above the plot (escaped when written).</summary>
    public required string Title { get; init; }

    /// <summary>The x-axis title.</summary>
    public required string XTitle { get; init; }

    /// <summary>The y-axis title.</summary>
    public required string YTitle { get; init; }

    /// <summary>The lines, drawn in this order (later on top).</summary>
    public required IReadOnlyList<LineSeries> Series { get; init; }

    /// <summary>The left end of the x axis.</summary>
    public required double XMin { get; init; }

    /// <summary>The right end of the x axis (greater than <see cref="XMin"/>).</summary>
    public required double XMax { get; init; }

    /// <summary>The text of the x tick at a whole-number x.</summary>
    public Func<long, string> XTickLabel { get; init; } = x => x.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The y axis scale.</summary>
    public AxisScale YScale { get; init; } = AxisScale.Linear;

    /// <summary>The height in px.</summary>
    public double Height { get; init; } = 340;

    /// <summary>Shaded x ranges, drawn under the lines.</summary>
    public IReadOnlyList<ChartBand> Bands { get; init; } = [];

    /// <summary>Vertical marker lines.</summary>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    /// <summary>The maximum number of points drawn per series before decimation.</summary>
    public int MaxPoints { get; init; } = 2000;

    /// <summary>A word for the x value in point tooltips (e.g. "epoch").</summary>
    public string XWord { get; init; } = "x";

    /// <summary>Appends the SVG element to <paramref name="sb"/>.</summary>
    public void Render(StringBuilder sb)
    {
        // The y range over every drawable point decides linear or log.
        double min = double.PositiveInfinity, max = double.NegativeInfinity, minPositive = double.PositiveInfinity;
        bool allPositive = true;
        foreach (LineSeries s in Series)
        {
            foreach (double v in s.Values)
            {
                if (!double.IsFinite(v))
                {
                    continue;
                }

                min = Math.Min(min, v);
                max = Math.Max(max, v);
                if (v > 0)
                {
                    minPositive = Math.Min(minPositive, v);
                }
                else
                {
                    allPositive = false;
                }
            }
        }

        bool hasData = min <= max;
        bool log = hasData && allPositive && (YScale == AxisScale.Log || (YScale == AxisScale.Auto && max / min > 100));
        AxisTicks yTicks = !hasData ? NiceScale.Linear(0, 1) : log ? NiceScale.Log10(min, max) : NiceScale.Linear(min, max);
        string[] yLabels = yTicks.Values.Select(v => NiceScale.FormatTick(v, yTicks)).ToArray();

        // Layout: the left margin fits the widest y label; the top fits the title and the legend rows.
        double left = 34 + (yLabels.Max(l => l.Length) * CharWidth) + 8;
        double right = Width - 24;
        var legend = LegendItems();
        var rows = LayoutLegend(legend, left, right);
        int rowCount = rows.Count == 0 ? 0 : rows.Max(r => r.Row) + 1;
        double top = 34 + (rowCount * 18) + 10;
        double bottom = Height - 50;
        double plotW = right - left, plotH = bottom - top;

        double X(double x) => left + ((x - XMin) / (XMax - XMin) * plotW);
        double T(double v) => log ? Math.Log10(v) : v;
        double Y(double v) => bottom - ((T(v) - T(yTicks.Min)) / (T(yTicks.Max) - T(yTicks.Min)) * plotH);

        string id = Id;
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").Append(id).Append("\" class=\"chart ").Append(CssClass)
          .Append(log ? " log-y" : " linear-y").Append("\" viewBox=\"0 0 ").Append(HtmlText.Num(Width)).Append(' ').Append(HtmlText.Num(Height))
          .Append("\" width=\"").Append(HtmlText.Num(Width)).Append("\" height=\"").Append(HtmlText.Num(Height))
          .Append("\" role=\"img\" aria-labelledby=\"").Append(id).Append("-title\">\n");
        sb.Append("<title id=\"").Append(id).Append("-title\">").Append(HtmlText.Escape(Title)).Append("</title>\n");
        sb.Append("<defs><clipPath id=\"").Append(id).Append("-clip\"><rect x=\"").Append(HtmlText.Num(left)).Append("\" y=\"").Append(HtmlText.Num(top))
          .Append("\" width=\"").Append(HtmlText.Num(plotW)).Append("\" height=\"").Append(HtmlText.Num(plotH)).Append("\"/></clipPath></defs>\n");
        sb.Append("<rect class=\"plot-area\" x=\"").Append(HtmlText.Num(left)).Append("\" y=\"").Append(HtmlText.Num(top)).Append("\" width=\"")
          .Append(HtmlText.Num(plotW)).Append("\" height=\"").Append(HtmlText.Num(plotH)).Append("\" fill=\"#ffffff\"/>\n");

        // Bands under everything else.
        foreach (ChartBand band in Bands)
        {
            double x0 = Math.Clamp(X(band.From), left, right), x1 = Math.Clamp(X(band.To), left, right);
            sb.Append("<g class=\"band ").Append(band.CssClass).Append("\"><rect x=\"").Append(HtmlText.Num(x0)).Append("\" y=\"").Append(HtmlText.Num(top))
              .Append("\" width=\"").Append(HtmlText.Num(Math.Max(x1 - x0, 1))).Append("\" height=\"").Append(HtmlText.Num(plotH)).Append("\" fill=\"")
              .Append(band.Fill).Append("\"><title>").Append(HtmlText.Escape(band.Label)).Append("</title></rect></g>\n");
        }

        // Y axis: grid line, tick and label per tick.
        sb.Append("<g class=\"axis y-axis\">\n");
        for (int i = 0; i < yTicks.Values.Count; i++)
        {
            double y = Y(yTicks.Values[i]);
            sb.Append("<g class=\"tick\" data-value=\"").Append(yTicks.Values[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append("\">")
              .Append("<line class=\"grid\" x1=\"").Append(HtmlText.Num(left)).Append("\" x2=\"").Append(HtmlText.Num(right)).Append("\" y1=\"").Append(HtmlText.Num(y))
              .Append("\" y2=\"").Append(HtmlText.Num(y)).Append("\" stroke=\"#e3e3e3\"/>")
              .Append("<text class=\"tick-label\" x=\"").Append(HtmlText.Num(left - 6)).Append("\" y=\"").Append(HtmlText.Num(y + 4))
              .Append("\" text-anchor=\"end\">").Append(HtmlText.Escape(yLabels[i])).Append("</text></g>\n");
        }

        sb.Append("<text class=\"axis-title\" transform=\"translate(14,").Append(HtmlText.Num((top + bottom) / 2)).Append(") rotate(-90)\" text-anchor=\"middle\">")
          .Append(HtmlText.Escape(YTitle)).Append("</text>\n</g>\n");

        // X axis: whole-number ticks, as many as the widest label allows.
        RenderXAxis(sb, left, right, top, bottom, X);

        // Vertical markers.
        foreach (ChartMarker marker in Markers)
        {
            double x = X(marker.X);
            if (x < left - 0.5 || x > right + 0.5)
            {
                continue;
            }

            bool labelLeft = x > left + (plotW * 0.75);
            sb.Append("<g class=\"marker ").Append(marker.CssClass).Append("\"><line x1=\"").Append(HtmlText.Num(x)).Append("\" x2=\"").Append(HtmlText.Num(x))
              .Append("\" y1=\"").Append(HtmlText.Num(top)).Append("\" y2=\"").Append(HtmlText.Num(bottom)).Append("\" stroke=\"#555555\" stroke-dasharray=\"4 3\"/>")
              .Append("<text class=\"marker-label\" x=\"").Append(HtmlText.Num(labelLeft ? x - 4 : x + 4)).Append("\" y=\"").Append(HtmlText.Num(top + 12))
              .Append("\" text-anchor=\"").Append(labelLeft ? "end" : "start").Append("\">").Append(HtmlText.Escape(marker.Label)).Append("</text></g>\n");
        }

        // Lines (clipped to the plot area).
        sb.Append("<g class=\"lines\" clip-path=\"url(#").Append(id).Append("-clip)\">\n");
        foreach (LineSeries s in Series)
        {
            IReadOnlyList<int[]> segments = Decimation.Segments(s.Values, MaxPoints, positiveOnly: log);
            int drawn = segments.Sum(g => g.Length);
            sb.Append("<g class=\"series ").Append(s.CssClass).Append("\" data-name=\"").Append(HtmlText.Escape(s.Name)).Append("\" data-points=\"")
              .Append(HtmlText.Int(drawn)).Append("\">\n");
            foreach (int[] segment in segments)
            {
                sb.Append("<polyline fill=\"none\" stroke=\"").Append(s.Color).Append("\" stroke-width=\"").Append(HtmlText.Num(s.Width))
                  .Append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
                if (s.Dashed)
                {
                    sb.Append(" stroke-dasharray=\"6 4\"");
                }

                sb.Append(" points=\"");
                for (int k = 0; k < segment.Length; k++)
                {
                    int i = segment[k];
                    if (k > 0)
                    {
                        sb.Append(' ');
                    }

                    sb.Append(HtmlText.Num(X(s.XStart + i))).Append(',').Append(HtmlText.Num(Y(s.Values[i])));
                }

                sb.Append("\"/>\n");
            }

            bool dots = drawn <= MarkerLimit;
            foreach (int[] segment in segments)
            {
                if (!dots && segment.Length > 1)
                {
                    continue;
                }

                foreach (int i in segment)
                {
                    sb.Append("<circle cx=\"").Append(HtmlText.Num(X(s.XStart + i))).Append("\" cy=\"").Append(HtmlText.Num(Y(s.Values[i])))
                      .Append("\" r=\"").Append(dots ? "2.8" : "2").Append("\" fill=\"").Append(s.Color).Append("\"><title>")
                      .Append(HtmlText.Escape($"{s.Name}, {XWord} {XTickLabel((long)Math.Round(s.XStart + i))}: {HtmlText.FormatValue(s.Values[i])}"))
                      .Append("</title></circle>\n");
                }
            }

            sb.Append("</g>\n");
        }

        sb.Append("</g>\n");
        if (!hasData)
        {
            sb.Append("<text class=\"no-data\" x=\"").Append(HtmlText.Num((left + right) / 2)).Append("\" y=\"").Append(HtmlText.Num((top + bottom) / 2))
              .Append("\" text-anchor=\"middle\">no finite values to plot</text>\n");
        }

        // Axis lines over the bands and grid.
        sb.Append("<path class=\"axis-line\" d=\"M").Append(HtmlText.Num(left)).Append(',').Append(HtmlText.Num(top)).Append(" V").Append(HtmlText.Num(bottom))
          .Append(" H").Append(HtmlText.Num(right)).Append("\" fill=\"none\" stroke=\"#444444\"/>\n");

        // Legend and title.
        sb.Append("<g class=\"legend\">\n");
        foreach (var (item, x, row) in rows)
        {
            double y = 34 + (row * 18) + 6;
            sb.Append("<g class=\"legend-item\">");
            if (item.IsBand)
            {
                sb.Append("<rect x=\"").Append(HtmlText.Num(x)).Append("\" y=\"").Append(HtmlText.Num(y - 9)).Append("\" width=\"18\" height=\"11\" fill=\"")
                  .Append(item.Color).Append("\" stroke=\"#bbbbbb\"/>");
            }
            else
            {
                sb.Append("<line x1=\"").Append(HtmlText.Num(x)).Append("\" x2=\"").Append(HtmlText.Num(x + 18)).Append("\" y1=\"").Append(HtmlText.Num(y - 4))
                  .Append("\" y2=\"").Append(HtmlText.Num(y - 4)).Append("\" stroke=\"").Append(item.Color).Append("\" stroke-width=\"2.5\"");
                if (item.Dashed)
                {
                    sb.Append(" stroke-dasharray=\"5 3\"");
                }

                sb.Append("/>");
            }

            sb.Append("<text x=\"").Append(HtmlText.Num(x + 24)).Append("\" y=\"").Append(HtmlText.Num(y)).Append("\">").Append(HtmlText.Escape(item.Label))
              .Append("</text></g>\n");
        }

        sb.Append("</g>\n");
        sb.Append("<text class=\"chart-title\" x=\"").Append(HtmlText.Num(left)).Append("\" y=\"20\">").Append(HtmlText.Escape(Title)).Append("</text>\n");
        sb.Append("</svg>\n");
    }

    private void RenderXAxis(StringBuilder sb, double left, double right, double top, double bottom, Func<double, double> x)
    {
        long lo = (long)Math.Ceiling(XMin - 1e-9), hi = (long)Math.Floor(XMax + 1e-9);
        int widest = 1;
        if (hi >= lo)
        {
            // Sample the labels (all of them would be slow for long series): the ends and a few in between.
            for (int k = 0; k <= 16; k++)
            {
                long i = lo + ((hi - lo) * k / 16);
                widest = Math.Max(widest, Math.Min(XTickLabel(i).Length, 18));
            }
        }

        int maxTicks = (int)Math.Clamp((right - left) / ((widest * CharWidth) + 24), 2, 10);
        sb.Append("<g class=\"axis x-axis\">\n");
        if (hi >= lo)
        {
            AxisTicks ticks = NiceScale.Linear(lo, hi, maxTicks, integer: true);
            foreach (double t in ticks.Values)
            {
                if (t < XMin - 1e-9 || t > XMax + 1e-9)
                {
                    continue;
                }

                double px = x(t);
                string full = XTickLabel((long)t);
                sb.Append("<g class=\"tick\" data-value=\"").Append(((long)t).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\">")
                  .Append("<line class=\"grid\" x1=\"").Append(HtmlText.Num(px)).Append("\" x2=\"").Append(HtmlText.Num(px)).Append("\" y1=\"").Append(HtmlText.Num(top))
                  .Append("\" y2=\"").Append(HtmlText.Num(bottom + 4)).Append("\" stroke=\"#eeeeee\"/>")
                  .Append("<text class=\"tick-label\" x=\"").Append(HtmlText.Num(px)).Append("\" y=\"").Append(HtmlText.Num(bottom + 17))
                  .Append("\" text-anchor=\"middle\">").Append(HtmlText.Escape(HtmlText.Truncate(full, 18)));
                if (full.Length > 18)
                {
                    sb.Append("<title>").Append(HtmlText.Escape(full)).Append("</title>");
                }

                sb.Append("</text></g>\n");
            }
        }

        sb.Append("<text class=\"axis-title\" x=\"").Append(HtmlText.Num((left + right) / 2)).Append("\" y=\"").Append(HtmlText.Num(bottom + 40))
          .Append("\" text-anchor=\"middle\">").Append(HtmlText.Escape(XTitle)).Append("</text>\n</g>\n");
    }

    private List<LegendItem> LegendItems()
    {
        var items = new List<LegendItem>();
        foreach (LineSeries s in Series)
        {
            items.Add(new LegendItem(HtmlText.Truncate(s.Name, 40), s.Color, s.Dashed, IsBand: false));
        }

        foreach (ChartBand b in Bands)
        {
            items.Add(new LegendItem(HtmlText.Truncate(b.Label, 40), b.Fill, Dashed: false, IsBand: true));
        }

        return items;
    }

    private static List<(LegendItem Item, double X, int Row)> LayoutLegend(List<LegendItem> items, double left, double right)
    {
        var placed = new List<(LegendItem, double, int)>();
        double x = left;
        int row = 0;
        foreach (LegendItem item in items)
        {
            double w = 24 + (item.Label.Length * CharWidth) + 18;
            if (x > left && x + w > right)
            {
                row++;
                x = left;
            }

            placed.Add((item, x, row));
            x += w;
        }

        return placed;
    }

    private sealed record LegendItem(string Label, string Color, bool Dashed, bool IsBand);
}

using System.Globalization;
using System.Text;

namespace Recur.Cli.Reporting;

/// <summary>
/// A (K, K) confusion matrix as an inline SVG heat map: rows are true classes, columns predicted classes, each
/// cell coloured by its share of its row (so small classes read as well as large ones) and labelled with its count
/// in a colour that contrasts with the fill. Class names longer than <see cref="LabelChars"/> characters are cut
/// with "…" (the full name is in a tooltip), and column labels are rotated when they do not fit a cell.
/// </summary>
internal static class ConfusionMatrixChart
{
    /// <summary>The longest class name shown in full on the axes.</summary>
    public const int LabelChars = 16;

    /// <summary>The colour of a zero count: muted, so that the misclassifications stand out.</summary>
    public const string ZeroTextColor = "#a3a7ab";

    private const double CharWidth = 6.6;

    private static readonly (double At, int R, int G, int B)[] Stops =
    [
        (0.00, 0xf7, 0xfb, 0xff),
        (0.25, 0xc6, 0xdb, 0xef),
        (0.50, 0x6b, 0xae, 0xd6),
        (0.75, 0x21, 0x71, 0xb5),
        (1.00, 0x08, 0x30, 0x6b),
    ];

    /// <summary>Appends the heat map of <paramref name="section"/> to <paramref name="sb"/> with element id <paramref name="id"/>.</summary>
    public static void Render(StringBuilder sb, ClassificationSection section, string id)
    {
        IReadOnlyList<string> names = section.ClassNames;
        int k = names.Count;
        int[,] m = section.ConfusionMatrix;
        string[] shortNames = names.Select(n => HtmlText.Truncate(n, LabelChars)).ToArray();
        double labelW = (shortNames.Max(n => n.Length) * CharWidth) + 12;
        double cell = Math.Clamp(Math.Floor(380.0 / k), 12, 56);
        bool rotate = shortNames.Any(n => (n.Length * CharWidth) > cell - 6);
        double colLabelH = rotate ? (labelW * 0.72) + 14 : 22;
        double gridLeft = 30 + labelW, gridTop = 44, size = k * cell;
        double barX = gridLeft + size + 24;
        double width = barX + 14 + 48;
        double height = gridTop + size + colLabelH + 30;

        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").Append(id).Append("\" class=\"chart chart-confusion\" viewBox=\"0 0 ")
          .Append(HtmlText.Num(width)).Append(' ').Append(HtmlText.Num(height)).Append("\" width=\"").Append(HtmlText.Num(width)).Append("\" height=\"")
          .Append(HtmlText.Num(height)).Append("\" role=\"img\" aria-labelledby=\"").Append(id).Append("-title\">\n");
        sb.Append("<title id=\"").Append(id).Append("-title\">Confusion matrix (rows: true class, columns: predicted class)</title>\n");
        sb.Append("<defs><linearGradient id=\"").Append(id).Append("-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        foreach (var (at, r, g, b) in Stops)
        {
            sb.Append("<stop offset=\"").Append(HtmlText.Num(at)).Append("\" stop-color=\"").Append(Hex(r, g, b)).Append("\"/>");
        }

        sb.Append("</linearGradient></defs>\n");
        sb.Append("<text class=\"chart-title\" x=\"").Append(HtmlText.Num(gridLeft)).Append("\" y=\"20\">Confusion matrix</text>\n");
        sb.Append("<text class=\"axis-note\" x=\"").Append(HtmlText.Num(gridLeft)).Append("\" y=\"36\">colour: share of the true class (row); number: count</text>\n");

        // Cells.
        double fontSize = Math.Clamp(cell * 0.32, 8, 13);
        bool counts = cell >= 16;
        sb.Append("<g class=\"cells\">\n");
        for (int i = 0; i < k; i++)
        {
            long rowSum = 0;
            for (int j = 0; j < k; j++)
            {
                rowSum += m[i, j];
            }

            for (int j = 0; j < k; j++)
            {
                double share = rowSum == 0 ? 0 : (double)m[i, j] / rowSum;
                double x = gridLeft + (j * cell), y = gridTop + (i * cell);
                string count = HtmlText.Int(m[i, j]);
                sb.Append("<g class=\"cell").Append(i == j ? " diagonal" : string.Empty).Append("\" data-row=\"").Append(HtmlText.Int(i)).Append("\" data-col=\"")
                  .Append(HtmlText.Int(j)).Append("\" data-count=\"").Append(count).Append("\" data-share=\"").Append(share.ToString("0.####", CultureInfo.InvariantCulture))
                  .Append("\"><title>").Append(HtmlText.Escape($"true {names[i]}, predicted {names[j]}: {count} ({share * 100:0.#}% of the row)"))
                  .Append("</title><rect x=\"").Append(HtmlText.Num(x)).Append("\" y=\"").Append(HtmlText.Num(y)).Append("\" width=\"").Append(HtmlText.Num(cell))
                  .Append("\" height=\"").Append(HtmlText.Num(cell)).Append("\" fill=\"").Append(Color(share)).Append("\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
                if (counts)
                {
                    sb.Append("<text class=\"cell-count\" x=\"").Append(HtmlText.Num(x + (cell / 2))).Append("\" y=\"").Append(HtmlText.Num(y + (cell / 2) + (fontSize * 0.36)))
                      .Append("\" text-anchor=\"middle\" style=\"font-size:").Append(HtmlText.Num(fontSize)).Append("px;fill:").Append(m[i, j] == 0 ? ZeroTextColor : TextColor(share)).Append("\">")
                      .Append(count).Append("</text>");
                }

                sb.Append("</g>\n");
            }
        }

        sb.Append("<rect x=\"").Append(HtmlText.Num(gridLeft)).Append("\" y=\"").Append(HtmlText.Num(gridTop)).Append("\" width=\"").Append(HtmlText.Num(size))
          .Append("\" height=\"").Append(HtmlText.Num(size)).Append("\" fill=\"none\" stroke=\"#888888\"/>\n</g>\n");

        // Row labels (true class) and column labels (predicted class).
        sb.Append("<g class=\"row-labels\">\n");
        for (int i = 0; i < k; i++)
        {
            sb.Append("<text class=\"class-label\" x=\"").Append(HtmlText.Num(gridLeft - 6)).Append("\" y=\"").Append(HtmlText.Num(gridTop + (i * cell) + (cell / 2) + 4))
              .Append("\" text-anchor=\"end\">");
            AppendLabel(sb, names[i], shortNames[i]);
        }

        sb.Append("<text class=\"axis-title\" transform=\"translate(14,").Append(HtmlText.Num(gridTop + (size / 2))).Append(") rotate(-90)\" text-anchor=\"middle\">true class</text>\n</g>\n");
        sb.Append("<g class=\"col-labels").Append(rotate ? " rotated" : string.Empty).Append("\">\n");
        for (int j = 0; j < k; j++)
        {
            double cx = gridLeft + (j * cell) + (cell / 2), y = gridTop + size + 14;
            sb.Append("<text class=\"class-label\" x=\"").Append(HtmlText.Num(cx)).Append("\" y=\"").Append(HtmlText.Num(y)).Append('"');
            if (rotate)
            {
                sb.Append(" transform=\"rotate(-45 ").Append(HtmlText.Num(cx)).Append(' ').Append(HtmlText.Num(y - 4)).Append(")\" text-anchor=\"end\">");
            }
            else
            {
                sb.Append(" text-anchor=\"middle\">");
            }

            AppendLabel(sb, names[j], shortNames[j]);
        }

        sb.Append("<text class=\"axis-title\" x=\"").Append(HtmlText.Num(gridLeft + (size / 2))).Append("\" y=\"").Append(HtmlText.Num(gridTop + size + colLabelH + 16))
          .Append("\" text-anchor=\"middle\">predicted class</text>\n</g>\n");

        // Colour scale: 0% to 100% of the row.
        sb.Append("<g class=\"color-scale\"><rect x=\"").Append(HtmlText.Num(barX)).Append("\" y=\"").Append(HtmlText.Num(gridTop)).Append("\" width=\"14\" height=\"")
          .Append(HtmlText.Num(size)).Append("\" fill=\"url(#").Append(id).Append("-scale)\" stroke=\"#888888\"/>");
        foreach (double p in new[] { 0.0, 0.5, 1.0 })
        {
            double y = gridTop + size - (p * size);
            sb.Append("<line x1=\"").Append(HtmlText.Num(barX + 14)).Append("\" x2=\"").Append(HtmlText.Num(barX + 18)).Append("\" y1=\"").Append(HtmlText.Num(y))
              .Append("\" y2=\"").Append(HtmlText.Num(y)).Append("\" stroke=\"#444444\"/><text class=\"tick-label\" x=\"").Append(HtmlText.Num(barX + 21))
              .Append("\" y=\"").Append(HtmlText.Num(y + 4)).Append("\">").Append(HtmlText.Int((int)(p * 100))).Append("%</text>");
        }

        sb.Append("</g>\n</svg>\n");
    }

    /// <summary>The fill for a share of the row in [0, 1]: white through blue (ColorBrewer "Blues").</summary>
    internal static string Color(double share)
    {
        share = Math.Clamp(share, 0, 1);
        for (int s = 1; s < Stops.Length; s++)
        {
            if (share <= Stops[s].At)
            {
                var (a0, r0, g0, b0) = Stops[s - 1];
                var (a1, r1, g1, b1) = Stops[s];
                double t = (share - a0) / (a1 - a0);
                return Hex(Lerp(r0, r1, t), Lerp(g0, g1, t), Lerp(b0, b1, t));
            }
        }

        return Hex(Stops[^1].R, Stops[^1].G, Stops[^1].B);
    }

    /// <summary>
    /// The text colour for a cell: white or near-black, whichever contrasts more with the cell's fill (WCAG
    /// relative luminance).
    /// </summary>
    internal static string TextColor(double share)
    {
        string fill = Color(share);
        double l = Luminance(fill);
        double onWhite = 1.05 / (l + 0.05);
        double onDark = (l + 0.05) / (Luminance("#1a1a1a") + 0.05);
        return onWhite > onDark ? "#ffffff" : "#1a1a1a";
    }

    /// <summary>The WCAG relative luminance of a "#rrggbb" colour.</summary>
    internal static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            double c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
    }

    private static int Lerp(int a, int b, double t) => (int)Math.Round(a + ((b - a) * t));

    private static string Hex(int r, int g, int b) => "#" + r.ToString("x2", CultureInfo.InvariantCulture) + g.ToString("x2", CultureInfo.InvariantCulture) + b.ToString("x2", CultureInfo.InvariantCulture);

    private static void AppendLabel(StringBuilder sb, string full, string shown)
    {
        sb.Append(HtmlText.Escape(shown));
        if (shown.Length != full.Length)
        {
            sb.Append("<title>").Append(HtmlText.Escape(full)).Append("</title>");
        }

        sb.Append("</text>\n");
    }
}

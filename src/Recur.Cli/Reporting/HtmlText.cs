using System.Globalization;
using System.Text;

namespace Recur.Cli.Reporting;

/// <summary>Escaping and number formatting for the report's HTML and SVG (valid as both HTML and XML).</summary>
public static class HtmlText
{
    /// <summary>
    /// <paramref name="text"/> safe inside an element or a quoted attribute: &amp; &lt; &gt; &quot; and ' become
    /// character references, and control characters that XML forbids (all below U+0020 but tab, line feed and
    /// carriage return, and unpaired surrogates) become U+FFFD.
    /// </summary>
    /// <param name="text">Any text; null gives "".</param>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxChars"/> characters, ending in "…" when cut.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <param name="maxChars">At least 2.</param>
    public static string Truncate(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxChars < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxChars), maxChars, $"Truncate: maxChars must be at least 2; got {maxChars}.");
        }

        if (text.Length <= maxChars)
        {
            return text;
        }

        int cut = maxChars - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "\u2026";
    }

    /// <summary>A metric value for a table: 5 significant digits, exponent form for very large or small values, a dash for NaN.</summary>
    /// <param name="value">Any double.</param>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "\u2014";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "\u221E" : "\u2212\u221E";
        }

        double abs = Math.Abs(value);
        if (abs != 0 && (abs >= 1e7 || abs < 1e-4))
        {
            return value.ToString("0.####E+0", CultureInfo.InvariantCulture);
        }

        return value.ToString("G5", CultureInfo.InvariantCulture);
    }

    /// <summary>A coordinate for SVG (invariant culture, at most 2 decimals).</summary>
    internal static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An integer in invariant culture.</summary>
    internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}

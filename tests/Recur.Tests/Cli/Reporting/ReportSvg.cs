using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Recur.Tests.Cli.Reporting;

/// <summary>Parsing helpers for the report's HTML: the page as XML, each inline SVG on its own, polyline points.</summary>
internal static partial class ReportSvg
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The whole page parsed as XML (the report is well-formed XHTML-compatible markup).</summary>
    public static XDocument Document(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        return XDocument.Load(reader);
    }

    /// <summary>Each <c>&lt;svg …&lt;/svg&gt;</c> fragment of the page, parsed alone.</summary>
    public static List<XElement> Fragments(string html)
    {
        int open = Regex.Matches(html, "<svg[\\s>]").Count;
        int close = Regex.Matches(html, "</svg>").Count;
        if (open != close)
        {
            throw new XmlException($"{open} <svg> elements but {close} </svg> closing tags.");
        }

        return SvgFragment().Matches(html).Select(m => XElement.Parse(m.Value)).ToList();
    }

    /// <summary>The SVG element with this id.</summary>
    public static XElement Chart(string html, string id) =>
        Fragments(html).Single(e => (string?)e.Attribute("id") == id);

    /// <summary>The class attribute split into names.</summary>
    public static string[] Classes(XElement e) => ((string?)e.Attribute("class") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The series group of a line chart whose class list holds <paramref name="cssClass"/>.</summary>
    public static XElement Series(XElement chart, string cssClass) =>
        chart.Descendants(Svg + "g").Single(g => Classes(g).Contains("series") && Classes(g).Contains(cssClass));

    /// <summary>The (x, y) points of every polyline under <paramref name="e"/>, one list per polyline.</summary>
    public static List<List<(double X, double Y)>> Polylines(XElement e) =>
        e.Descendants(Svg + "polyline").Select(p => ((string)p.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pt =>
            {
                string[] xy = pt.Split(',');
                return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
            }).ToList()).ToList();

    /// <summary>The data-value of each tick of one axis ("y-axis" or "x-axis"), in document order.</summary>
    public static List<double> TickValues(XElement chart, string axis) =>
        AxisTicks(chart, axis).Select(t => double.Parse((string)t.Attribute("data-value")!, CultureInfo.InvariantCulture)).ToList();

    /// <summary>The tick groups of one axis.</summary>
    public static IEnumerable<XElement> AxisTicks(XElement chart, string axis) =>
        chart.Descendants(Svg + "g").Single(g => Classes(g).Contains(axis)).Elements(Svg + "g").Where(g => Classes(g).Contains("tick"));

    /// <summary>The plot area (the clip rectangle): left, top, width, height.</summary>
    public static (double Left, double Top, double Width, double Height) PlotArea(XElement chart)
    {
        XElement r = chart.Descendants(Svg + "clipPath").Single().Element(Svg + "rect")!;
        double A(string n) => double.Parse((string)r.Attribute(n)!, CultureInfo.InvariantCulture);
        return (A("x"), A("y"), A("width"), A("height"));
    }

    [GeneratedRegex("<svg[\\s>][\\s\\S]*?</svg>")]
    private static partial Regex SvgFragment();
}

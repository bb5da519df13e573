using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Recur.Cli.Reporting;
using Recur.Metrics;
using Xunit;

namespace Recur.Tests.Cli.Reporting;

/// <summary>The report's page: well-formed markup, its charts, drawn points, ticks, escaping and file writing.</summary>
public sealed partial class HtmlReportTests
{
    private static readonly XNamespace Svg = ReportSvg.Svg;

    [Fact]
    public void ForecastPageIsWellFormedAndEverySvgParsesAlone()
    {
        string html = HtmlReport.Render(ReportSamples.SmallForecast());

        XDocument doc = ReportSvg.Document(html);
        Assert.Equal("html", doc.Root!.Name.LocalName);
        List<XElement> svgs = ReportSvg.Fragments(html);
        Assert.Equal(4, svgs.Count); // learning curve, learning rate, two forecasts
        Assert.All(svgs, s => Assert.Equal(Svg + "svg", s.Name));
        Assert.Equal(svgs.Count, doc.Descendants(Svg + "svg").Count());
    }

    [Fact]
    public void ForecastPageHasItsCharts()
    {
        string html = HtmlReport.Render(ReportSamples.SmallForecast());
        List<XElement> svgs = ReportSvg.Fragments(html);

        Assert.Single(svgs, s => ReportSvg.Classes(s).Contains("chart-learning-curve"));
        Assert.Single(svgs, s => ReportSvg.Classes(s).Contains("chart-learning-rate"));
        Assert.Equal(["chart-forecast-0", "chart-forecast-1"], svgs.Where(s => ReportSvg.Classes(s).Contains("chart-forecast")).Select(s => (string)s.Attribute("id")!));
        Assert.DoesNotContain(svgs, s => ReportSvg.Classes(s).Contains("chart-confusion"));
        Assert.Contains("<section id=\"metrics\">", html);
        Assert.Contains("<pre class=\"model-summary\">Lstm(1 -&gt; 32)", html);
    }

    [Fact]
    public void ClassificationPageHasItsCharts()
    {
        string html = HtmlReport.Render(ReportSamples.SmallClassification());
        List<XElement> svgs = ReportSvg.Fragments(html);

        ReportSvg.Document(html);
        Assert.Single(svgs, s => ReportSvg.Classes(s).Contains("chart-confusion"));
        Assert.Single(svgs, s => ReportSvg.Classes(s).Contains("chart-learning-curve"));
        Assert.DoesNotContain(svgs, s => ReportSvg.Classes(s).Contains("chart-forecast"));
        Assert.Contains("<table class=\"per-class\">", html);
    }

    [Fact]
    public void PolylinePointsAreTheFiniteDataPoints()
    {
        ReportData data = ReportSamples.SmallForecast();
        string html = HtmlReport.Render(data);
        XElement chart = ReportSvg.Chart(html, "chart-forecast-0");
        ForecastSeries a = data.Forecast!.Series[0];

        // Actual: 60 values with one NaN at 20 → two polylines of 20 and 39 points.
        XElement actual = ReportSvg.Series(chart, "actual");
        var lines = ReportSvg.Polylines(actual);
        Assert.Equal([20, 39], lines.Select(l => l.Count));
        Assert.Equal("59", (string)actual.Attribute("data-points")!);

        // Predicted: NaN for the first 5 steps; steps 5..44 are fitted, 45..59 the test forecast.
        Assert.Equal([40], ReportSvg.Polylines(ReportSvg.Series(chart, "fitted")).Select(l => l.Count));
        Assert.Equal([15], ReportSvg.Polylines(ReportSvg.Series(chart, "forecast")).Select(l => l.Count));
        Assert.Equal([6], ReportSvg.Polylines(ReportSvg.Series(chart, "future")).Select(l => l.Count));

        // x positions: one step apart, the future continuing after the last actual.
        var (left, _, width, _) = ReportSvg.PlotArea(chart);
        double step = width / (60 + 6 - 1);
        Assert.Equal(left, lines[0][0].X, 1);
        Assert.Equal(left + (21 * step), lines[1][0].X, 1);
        Assert.Equal(left + (60 * step), ReportSvg.Polylines(ReportSvg.Series(chart, "future"))[0][0].X, 1);

        // The learning curve: 5 epochs per series, epoch 1 at the left edge, epoch 5 at the right.
        XElement curve = ReportSvg.Chart(html, "chart-learning-curve");
        var train = ReportSvg.Polylines(ReportSvg.Series(curve, "training-loss")).Single();
        var plot = ReportSvg.PlotArea(curve);
        Assert.Equal(5, train.Count);
        Assert.Equal(5, ReportSvg.Polylines(ReportSvg.Series(curve, "validation-loss")).Single().Count);
        Assert.Equal(plot.Left, train[0].X, 1);
        Assert.Equal(plot.Left + plot.Width, train[^1].X, 1);
        Assert.True(a.Actual.Count == 60);
    }

    [Fact]
    public void PointsMapOntoTheTicks()
    {
        // A line from 0 to 10 over 11 epochs: the y of each point sits at value / 10 of the axis span 0..10.
        var data = new ReportData("t") { History = new TrainingHistory(Enumerable.Range(0, 11).Select(i => (double)(10 - i)).ToArray()) };
        XElement chart = ReportSvg.Chart(HtmlReport.Render(data), "chart-learning-curve");
        var (_, top, _, height) = ReportSvg.PlotArea(chart);

        Assert.Equal([0, 2, 4, 6, 8, 10], ReportSvg.TickValues(chart, "y-axis"));
        var points = ReportSvg.Polylines(chart).Single();
        for (int i = 0; i <= 10; i++)
        {
            double value = 10 - i;
            Assert.Equal(top + height - (value / 10 * height), points[i].Y, 1);
        }
    }

    [Fact]
    public void LongSeriesIsDecimatedButKeepsItsSpike()
    {
        const int n = 20_000;
        var random = new Random(5);
        double[] actual = Enumerable.Range(0, n).Select(i => Math.Sin(i / 50.0) + (0.1 * random.NextDouble())).ToArray();
        actual[12_345] = 9;
        var data = new ReportData("long") { Forecast = new ForecastSection([new ForecastSeries("y", actual)], n - 1000) };
        string html = HtmlReport.Render(data);
        XElement chart = ReportSvg.Chart(html, "chart-forecast-0");
        var points = ReportSvg.Polylines(ReportSvg.Series(chart, "actual")).Single();

        int expected = Decimation.Segments(actual, 2000).Sum(s => s.Length);
        Assert.Equal(expected, points.Count);
        Assert.InRange(points.Count, 1000, 2000);
        Assert.True(html.Length < 400_000, $"the page is {html.Length} characters.");

        // The highest point on screen (the smallest y) is the spike, at x of index 12345.
        var (left, _, width, _) = ReportSvg.PlotArea(chart);
        var top = points.MinBy(p => p.Y);
        Assert.Equal(left + (12_345.0 / (n - 1) * width), top.X, 1);
    }

    [Fact]
    public void TickValuesAreNiceNumbersWithMatchingLabels()
    {
        foreach (ReportData data in new[] { ReportSamples.SmallForecast(), ReportSamples.SmallClassification(), ReportSamples.AirlineForecast() })
        {
            string html = HtmlReport.Render(data);
            foreach (XElement chart in ReportSvg.Fragments(html).Where(s => !ReportSvg.Classes(s).Contains("chart-confusion")))
            {
                List<double> y = ReportSvg.TickValues(chart, "y-axis");
                Assert.True(y.Count >= 2, "a y axis needs at least two ticks.");
                if (ReportSvg.Classes(chart).Contains("log-y"))
                {
                    Assert.All(y, v => Assert.Equal(Math.Round(Math.Log10(v)), Math.Log10(v), 9));
                }
                else
                {
                    double step = y[1] - y[0];
                    Assert.True(NiceScaleTests.IsNice(step), $"y step {step} in {chart.Attribute("id")} is not nice.");
                    for (int i = 1; i < y.Count; i++)
                    {
                        Assert.Equal(step, y[i] - y[i - 1], step * 1e-9);
                    }

                    foreach (XElement tick in ReportSvg.AxisTicks(chart, "y-axis"))
                    {
                        double value = double.Parse((string)tick.Attribute("data-value")!, CultureInfo.InvariantCulture);
                        double shown = double.Parse(tick.Element(Svg + "text")!.Value, CultureInfo.InvariantCulture);
                        Assert.Equal(value, shown, 12);
                    }
                }

                List<double> x = ReportSvg.TickValues(chart, "x-axis");
                Assert.NotEmpty(x);
                Assert.All(x, v => Assert.Equal(Math.Round(v), v));
                if (x.Count > 1)
                {
                    Assert.True(NiceScaleTests.IsNice(x[1] - x[0]), $"x step {x[1] - x[0]} in {chart.Attribute("id")} is not nice.");
                }
            }
        }
    }

    [Fact]
    public void TimeLabelsNameTheXTicks()
    {
        XElement chart = ReportSvg.Chart(HtmlReport.Render(ReportSamples.SmallForecast()), "chart-forecast-0");

        foreach (XElement tick in ReportSvg.AxisTicks(chart, "x-axis"))
        {
            int i = int.Parse((string)tick.Attribute("data-value")!, CultureInfo.InvariantCulture);
            Assert.Equal(new DateOnly(2020, 1, 1).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), tick.Element(Svg + "text")!.Value);
        }
    }

    [Fact]
    public void LossSpanningMoreThanTwoDecadesGetsALogAxis()
    {
        double[] steep = [10, 1, 0.1, 0.01, 0.001];
        double[] gentle = [1, 0.8, 0.6, 0.5];

        XElement log = Curve(new TrainingHistory(steep));
        Assert.Contains("log-y", ReportSvg.Classes(log));
        Assert.Equal([0.001, 0.01, 0.1, 1, 10], ReportSvg.TickValues(log, "y-axis"));
        Assert.Equal(["0.001", "0.01", "0.1", "1", "10"], ReportSvg.AxisTicks(log, "y-axis").Select(t => t.Element(Svg + "text")!.Value));

        // Equal ratios are equal distances on a log axis.
        var points = ReportSvg.Polylines(log).Single();
        for (int i = 2; i < points.Count; i++)
        {
            Assert.Equal(points[1].Y - points[0].Y, points[i].Y - points[i - 1].Y, 1);
        }

        Assert.Contains("linear-y", ReportSvg.Classes(Curve(new TrainingHistory(gentle))));
        Assert.Contains("linear-y", ReportSvg.Classes(Curve(new TrainingHistory(steep) { LossScale = AxisScale.Linear })));
        Assert.Contains("log-y", ReportSvg.Classes(Curve(new TrainingHistory(gentle) { LossScale = AxisScale.Log })));

        // A zero loss cannot go on a log axis: the chart stays linear.
        Assert.Contains("linear-y", ReportSvg.Classes(Curve(new TrainingHistory([10, 1, 0.01, 0]))));
    }

    [Fact]
    public void SingleEpochDrawsADotPerSeries()
    {
        XElement chart = Curve(new TrainingHistory([0.5]) { ValidationLoss = [0.7] });

        Assert.Equal([1, 1], chart.Descendants(Svg + "polyline").Select(p => ((string)p.Attribute("points")!).Split(' ').Length));
        Assert.Equal(2, chart.Descendants(Svg + "circle").Count());
        Assert.Equal([1], ReportSvg.TickValues(chart, "x-axis"));
        var (left, _, width, _) = ReportSvg.PlotArea(chart);
        Assert.Equal(left + (width / 2), ReportSvg.Polylines(chart)[0][0].X, 1);
        Assert.DoesNotContain("NaN", chart.ToString());
    }

    [Fact]
    public void ManyEpochsHaveNoDots()
    {
        XElement chart = Curve(new TrainingHistory(Enumerable.Range(1, LineChart.MarkerLimit + 1).Select(e => 1.0 / e).ToArray()));

        Assert.Empty(chart.Descendants(Svg + "circle"));
    }

    [Fact]
    public void ConstantAndEmptySeriesStillDraw()
    {
        var data = new ReportData("c")
        {
            Forecast = new ForecastSection([new ForecastSeries("flat", Enumerable.Repeat(5.0, 30).ToArray()), new ForecastSeries("none", Enumerable.Repeat(double.NaN, 30).ToArray())], 20),
            History = new TrainingHistory([double.NaN, double.PositiveInfinity]),
        };
        string html = HtmlReport.Render(data);

        ReportSvg.Document(html);
        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("Infinity", html);
        XElement flat = ReportSvg.Chart(html, "chart-forecast-0");
        List<double> y = ReportSvg.TickValues(flat, "y-axis");
        Assert.True(y[0] < 5 && y[^1] > 5, "a constant series sits inside a widened axis.");
        Assert.Equal(30, ReportSvg.Polylines(flat).Single().Count);
        Assert.Contains("no finite values to plot", ReportSvg.Chart(html, "chart-forecast-1").ToString());
        Assert.Contains("no finite values to plot", ReportSvg.Chart(html, "chart-learning-curve").ToString());
    }

    [Fact]
    public void TestRangeIsShadedAndMarked()
    {
        XElement chart = ReportSvg.Chart(HtmlReport.Render(ReportSamples.SmallForecast()), "chart-forecast-0");
        var (left, _, width, _) = ReportSvg.PlotArea(chart);
        double step = width / 65;

        XElement band = chart.Descendants(Svg + "g").Single(g => ReportSvg.Classes(g).Contains("test-range")).Element(Svg + "rect")!;
        Assert.Equal(left + (44.5 * step), double.Parse((string)band.Attribute("x")!, CultureInfo.InvariantCulture), 1);
        Assert.Equal(15 * step, double.Parse((string)band.Attribute("width")!, CultureInfo.InvariantCulture), 1);
        XElement marker = chart.Descendants(Svg + "g").Single(g => ReportSvg.Classes(g).Contains("test-start")).Element(Svg + "line")!;
        Assert.Equal(left + (44.5 * step), double.Parse((string)marker.Attribute("x1")!, CultureInfo.InvariantCulture), 1);
        Assert.Single(chart.Descendants(Svg + "g"), g => ReportSvg.Classes(g).Contains("future-range"));
        Assert.Equal(["actual", "fitted (training range)", "forecast (test range)", "forecast beyond the data", "test range", "beyond the data"],
            chart.Descendants(Svg + "g").Where(g => ReportSvg.Classes(g).Contains("legend-item")).Select(g => g.Element(Svg + "text")!.Value));
    }

    [Fact]
    public void ConfusionCellsCarryCountsAndRowShares()
    {
        ReportData data = ReportSamples.SmallClassification();
        int[,] m = data.Classification!.ConfusionMatrix; // [3 1 0; 0 2 1; 1 0 4]
        XElement chart = ReportSvg.Chart(HtmlReport.Render(data), "chart-confusion");
        List<XElement> cells = chart.Descendants(Svg + "g").Where(g => ReportSvg.Classes(g).Contains("cell")).ToList();

        Assert.Equal(9, cells.Count);
        Assert.Equal(new int[,] { { 3, 1, 0 }, { 0, 2, 1 }, { 1, 0, 4 } }, m);
        foreach (XElement cell in cells)
        {
            int i = (int)cell.Attribute("data-row")!, j = (int)cell.Attribute("data-col")!;
            double share = (double)m[i, j] / (m[i, 0] + m[i, 1] + m[i, 2]);
            Assert.Equal(m[i, j], (int)cell.Attribute("data-count")!);
            Assert.Equal(share, double.Parse((string)cell.Attribute("data-share")!, CultureInfo.InvariantCulture), 4);
            XElement text = cell.Element(Svg + "text")!;
            Assert.Equal(m[i, j].ToString(CultureInfo.InvariantCulture), text.Value);
            Assert.Contains("fill:" + (m[i, j] == 0 ? ConfusionMatrixChart.ZeroTextColor : ConfusionMatrixChart.TextColor(share)), (string)text.Attribute("style")!);
            Assert.Equal(ConfusionMatrixChart.Color(share), (string)cell.Element(Svg + "rect")!.Attribute("fill")!);
        }

        // Row-normalized: a full row share is the darkest colour, an empty cell white-ish; text contrasts with both.
        Assert.Equal("#08306b", ConfusionMatrixChart.Color(1));
        Assert.Equal("#f7fbff", ConfusionMatrixChart.Color(0));
        Assert.Equal("#ffffff", ConfusionMatrixChart.TextColor(1));
        Assert.Equal("#1a1a1a", ConfusionMatrixChart.TextColor(0));
        Assert.True(ConfusionMatrixChart.Luminance(ConfusionMatrixChart.Color(0.8)) < ConfusionMatrixChart.Luminance(ConfusionMatrixChart.Color(0.2)));
    }

    [Fact]
    public void PerClassTableShowsMetricsAndSupport()
    {
        string html = HtmlReport.Render(ReportSamples.SmallClassification());
        XElement table = ReportSvg.Document(html).Descendants("table").Single(t => (string?)t.Attribute("class") == "per-class");
        List<string[]> rows = table.Element("tbody")!.Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();

        // Confusion [3 1 0; 0 2 1; 1 0 4]: precision 3/4, 2/3, 4/5; recall 3/4, 2/3, 4/5.
        Assert.Equal(["cat", "0.750", "0.750", "0.750", "4"], rows[0]);
        Assert.Equal(["<b>&\"", "0.667", "0.667", "0.667", "3"], rows[1]);
        Assert.Equal(["dog", "0.800", "0.800", "0.800", "5"], rows[2]);
        Assert.Contains("<td>accuracy</td><td colspan=\"3\">0.750</td>", html);
    }

    [Fact]
    public void LongClassNamesAreCutWithTheFullNameInATooltip()
    {
        string longName = "a class name much longer than sixteen characters";
        XElement chart = ReportSvg.Chart(HtmlReport.Render(ReportSamples.SmallClassification("x", longName, "y")), "chart-confusion");
        List<XElement> labels = chart.Descendants(Svg + "text").Where(t => ReportSvg.Classes(t).Contains("class-label")).ToList();

        Assert.Equal(6, labels.Count); // 3 rows + 3 columns
        Assert.All(labels.Where(l => l.Element(Svg + "title") is not null), l => Assert.Equal(longName, l.Element(Svg + "title")!.Value));
        Assert.Equal(2, labels.Count(l => l.Element(Svg + "title") is not null));
        Assert.Contains(labels, l => l.Nodes().OfType<XText>().First().Value == HtmlText.Truncate(longName, ConfusionMatrixChart.LabelChars));
        Assert.Contains("rotated", ReportSvg.Classes(chart.Descendants(Svg + "g").Single(g => ReportSvg.Classes(g).Contains("col-labels"))));
    }

    [Fact]
    public void MetricsTableHasBaselineColumns()
    {
        XElement table = ReportSvg.Document(HtmlReport.Render(ReportSamples.SmallForecast())).Descendants("table").Single(t => (string?)t.Attribute("class") == "metrics");

        Assert.Equal(["metric", "model", "naive", "seasonal_naive"], table.Descendants("th").Select(th => th.Value));
        List<string[]> rows = table.Element("tbody")!.Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();
        Assert.Equal(["rmse", "0.42", "1.3", "0.9"], rows[0]);
        Assert.Equal(["mae", "0.31", "1.1", ""], rows[1]);
        Assert.Equal(["mape", "\u2014", "", ""], rows[2]);
    }

    [Fact]
    public void NoScriptsAndNoExternalReferences()
    {
        foreach (ReportData data in new[] { ReportSamples.SmallForecast(), ReportSamples.SmallClassification(), ReportSamples.SpeakerClassification() })
        {
            string html = HtmlReport.Render(data);

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
            List<string> urls = UrlPattern().Matches(html).Select(m => m.Value).Distinct().ToList();
            Assert.Equal(["http://www.w3.org/2000/svg"], urls);
            Assert.DoesNotContain(ReportSvg.Document(html).Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.All(Regex.Matches(html, @"url\(([^)]*)\)").Select(m => m.Groups[1].Value), u => Assert.StartsWith("#", u));
        }
    }

    [Fact]
    public void EveryTextFromTheDataIsEscaped()
    {
        const string evil = "<b>&\"";
        const string escaped = "&lt;b&gt;&amp;&quot;";
        var data = new ReportData("<script>alert(1)</script> & title")
        {
            Subtitle = evil,
            Summary = [evil],
            Metrics = [new ReportMetric(evil, 1) { Baselines = [new ReportBaseline(evil + "base", 2)] }],
            ModelSummary = evil,
            History = new TrainingHistory([1, 0.5]),
            Forecast = new ForecastSection([new ForecastSeries(evil, [1, 2, 3, 4]) { Predicted = [1, 2, 3, 4] }], 2) { TimeLabels = [evil, "b", "c", "d"], TimeAxisName = evil },
            Classification = ReportSamples.SmallClassification().Classification,
        };
        string html = HtmlReport.Render(data);

        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; title", html);
        Assert.True(Regex.Matches(html, Regex.Escape(escaped)).Count >= 10, "the class name, series name, labels and metrics all appear escaped.");

        // The parsed text gives the original strings back.
        XDocument doc = ReportSvg.Document(html);
        Assert.Equal("<script>alert(1)</script> & title", doc.Descendants("title").First().Value);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == evil);
        Assert.Contains(doc.Descendants("td"), t => t.Value == evil);
        Assert.Contains(doc.Descendants("th"), t => t.Value == evil + "base");
    }

    [Fact]
    public void InconsistentDataIsRejectedNamingThePart()
    {
        AssertRejects(new ReportData("t") { History = new TrainingHistory([1, 2]) { ValidationLoss = [1] } }, "data.History.ValidationLoss");
        AssertRejects(new ReportData("t") { History = new TrainingHistory([1, 2]) { BestEpoch = 3 } }, "data.History.BestEpoch");
        AssertRejects(new ReportData("t") { Forecast = new ForecastSection([new ForecastSeries("a", [1, 2])], 3) }, "data.Forecast.TestStart");
        AssertRejects(new ReportData("t") { Forecast = new ForecastSection([new ForecastSeries("a", [1, 2]), new ForecastSeries("b", [1])], 1) }, "data.Forecast.Series[1].Actual");
        AssertRejects(new ReportData("t") { Forecast = new ForecastSection([new ForecastSeries("a", [1, 2]) { Predicted = [1] }], 1) }, "data.Forecast.Series[0].Predicted");
        AssertRejects(new ReportData("t") { Forecast = new ForecastSection([], 0) }, "data.Forecast.Series");
        AssertRejects(new ReportData("t") { Classification = new ClassificationSection(["a", "b"], new int[2, 3], [1, 1], [1, 1], [1, 1], 1, 1) }, "data.Classification.ConfusionMatrix");
        AssertRejects(new ReportData("t") { Classification = new ClassificationSection(["a", "b"], new int[2, 2], [1], [1, 1], [1, 1], 1, 1) }, "data.Classification.Precision");
        AssertRejects(new ReportData("t") { Classification = new ClassificationSection(["a"], new int[,] { { -1 } }, [1], [1], [1], 1, 1) }, "data.Classification.ConfusionMatrix");
        Assert.Throws<ArgumentNullException>(() => HtmlReport.Render(null!));
    }

    [Fact]
    public void WriteReplacesTheFileAtomically()
    {
        string dir = Directory.CreateTempSubdirectory("recur-report-write-").FullName;
        try
        {
            string path = Path.Combine(dir, "report.html");
            File.WriteAllText(path, "old");
            ReportData data = ReportSamples.SmallClassification();

            HtmlReport.Write(path, data);

            Assert.Equal(HtmlReport.Render(data), File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(dir));
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'<', bytes[0]); // no byte-order mark

            // A bad report leaves the old file untouched and no temporary file behind.
            Assert.Throws<ArgumentException>(() => HtmlReport.Write(path, new ReportData("t") { History = new TrainingHistory([1]) { ValidationLoss = [] } }));
            Assert.Equal(HtmlReport.Render(data), File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(dir));

            // A missing folder is an IO error, with no temporary file left anywhere.
            Assert.Throws<DirectoryNotFoundException>(() => HtmlReport.Write(Path.Combine(dir, "missing", "r.html"), data));
            Assert.Equal([path], Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Assert.Equal("path", Assert.Throws<ArgumentException>(() => HtmlReport.Write(" ", ReportSamples.SmallClassification())).ParamName);
    }

    [Fact]
    public void HistoryComesFromModelMetrics()
    {
        var metrics = new Dictionary<string, List<double>> { ["loss"] = [3, 2], ["val_loss"] = [4, 3], ["lr"] = [0.1, 0.05] };

        TrainingHistory h = TrainingHistory.FromMetrics(metrics)!;

        Assert.Equal([3.0, 2.0], h.TrainingLoss);
        Assert.Equal([4.0, 3.0], h.ValidationLoss!);
        Assert.Equal([0.1, 0.05], h.LearningRate!);
        Assert.Null(TrainingHistory.FromMetrics(new Dictionary<string, List<double>>()));
        Assert.Null(TrainingHistory.FromMetrics(new Dictionary<string, List<double>> { ["loss"] = [1] })!.ValidationLoss);
    }

    [Fact]
    public void ClassificationSectionComesFromAReport()
    {
        ClassificationReport r = ClassificationMetrics.Compute([0, 1, 1], [0, 1, 0], 2);

        ClassificationSection s = ClassificationSection.FromReport(["a", "b"], r);

        Assert.Same(r.ConfusionMatrix, s.ConfusionMatrix);
        Assert.Equal(r.F1, s.F1);
        Assert.Equal(r.Precision, s.Precision);
        Assert.Equal(r.Recall, s.Recall);
        Assert.Equal(r.Accuracy, s.Accuracy);
        Assert.Equal(r.MacroF1, s.MacroF1);
    }

    private static XElement Curve(TrainingHistory history) =>
        ReportSvg.Chart(HtmlReport.Render(new ReportData("t") { History = history }), "chart-learning-curve");

    private static void AssertRejects(ReportData data, string part)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => HtmlReport.Render(data));
        Assert.Equal("data", e.ParamName);
        Assert.Contains(part, e.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(https?:)?//[^\s""'<>)]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();
}

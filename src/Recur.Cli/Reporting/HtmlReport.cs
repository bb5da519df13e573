using System.Globalization;
using System.Text;

namespace Recur.Cli.Reporting;

/// <summary>
/// Writes a <see cref="ReportData"/> as one self-contained HTML page: inline CSS and inline SVG charts, no script
/// and no reference to anything outside the file. The page is also well-formed XML (every element closed, only
/// XML's five entities), and every text from the data is escaped.
/// </summary>
public static class HtmlReport
{
    private const string Css = """
        body{margin:0;background:#f4f5f7;color:#1a1a1a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
        main{max-width:1160px;margin:0 auto;padding:20px 16px}
        header h1{font-size:24px;margin:4px 0}
        .subtitle{color:#555;margin:0 0 8px}
        ul.summary{margin:6px 0 0;padding-left:20px;color:#333}
        section{background:#ffffff;border:1px solid #dfe2e6;border-radius:6px;padding:14px 20px;margin:16px 0}
        h2{font-size:17px;margin:0 0 10px;padding-bottom:4px;border-bottom:1px solid #e6e8eb}
        table{border-collapse:collapse;font-variant-numeric:tabular-nums}
        table.per-class{font-size:13px;margin-top:40px}
        th,td{padding:4px 9px;text-align:right;border-bottom:1px solid #eceef0;white-space:nowrap}
        th{font-weight:600;color:#333;border-bottom:2px solid #d5d8dc}
        th:first-child,td:first-child{text-align:left}
        tfoot td{font-weight:600;border-top:2px solid #d5d8dc;border-bottom:none}
        td.class-name{max-width:220px;overflow:hidden;text-overflow:ellipsis}
        td.f1{position:relative;min-width:70px}
        td.f1 .bar{position:absolute;left:0;top:4px;bottom:4px;background:#cfe0f1}
        td.f1 .v{position:relative}
        .charts-row{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}
        svg.chart{display:block;max-width:100%;height:auto;margin:6px 0}
        svg.chart text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;font-size:12px}
        svg.chart .tick-label,svg.chart .axis-note,svg.chart .marker-label{fill:#555555}
        svg.chart .axis-title{fill:#333333}
        svg.chart .chart-title{font-size:15px;font-weight:600;fill:#1a1a1a}
        svg.chart .class-label{fill:#1a1a1a}
        svg.chart .cell-count{font-weight:600}
        svg.chart .no-data{fill:#888888;font-size:14px}
        pre{background:#f4f5f7;border:1px solid #e6e8eb;padding:10px 12px;overflow:auto;font:12px/1.4 ui-monospace,"DejaVu Sans Mono",Consolas,monospace}
        footer{color:#777;font-size:12px;margin:8px 0 24px}
        """;

    /// <summary>The whole page for <paramref name="data"/>.</summary>
    /// <param name="data">What to show; its parts must have consistent lengths (see the part types).</param>
    /// <exception cref="ArgumentException">A part of <paramref name="data"/> is inconsistent; the message names it.</exception>
    public static string Render(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.Validate(nameof(data));

        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
          .Append("<title>").Append(HtmlText.Escape(data.Title)).Append("</title>\n")
          .Append("<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n<main>\n");

        sb.Append("<header>\n<h1>").Append(HtmlText.Escape(data.Title)).Append("</h1>\n");
        if (!string.IsNullOrEmpty(data.Subtitle))
        {
            sb.Append("<p class=\"subtitle\">").Append(HtmlText.Escape(data.Subtitle)).Append("</p>\n");
        }

        if (data.Summary.Count > 0)
        {
            sb.Append("<ul class=\"summary\">\n");
            foreach (string line in data.Summary)
            {
                sb.Append("<li>").Append(HtmlText.Escape(line)).Append("</li>\n");
            }

            sb.Append("</ul>\n");
        }

        sb.Append("</header>\n");

        if (data.Metrics.Count > 0)
        {
            AppendMetrics(sb, data.Metrics);
        }

        if (data.Forecast is not null)
        {
            AppendForecast(sb, data.Forecast);
        }

        if (data.Classification is not null)
        {
            AppendClassification(sb, data.Classification);
        }

        if (data.History is not null)
        {
            AppendHistory(sb, data.History);
        }

        if (!string.IsNullOrEmpty(data.ModelSummary))
        {
            sb.Append("<section id=\"model\">\n<h2>Model</h2>\n<pre class=\"model-summary\">").Append(HtmlText.Escape(data.ModelSummary)).Append("</pre>\n</section>\n");
        }

        Version? version = typeof(HtmlReport).Assembly.GetName().Version;
        sb.Append("<footer>Written by Recur").Append(version is null ? string.Empty : " " + version.ToString(3))
          .Append(". This page is self-contained: no scripts, no external resources.</footer>\n");
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// Renders <paramref name="data"/> and writes it to <paramref name="path"/> atomically: into a temporary file
    /// in the same folder, then renamed over <paramref name="path"/>, so a reader never sees half a report.
    /// </summary>
    /// <param name="path">The HTML file to write (its folder must exist); an existing file is replaced.</param>
    /// <param name="data">What to show.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or <paramref name="data"/> is inconsistent.</exception>
    /// <exception cref="IOException">The file cannot be written (the temporary file is removed).</exception>
    public static void Write(string path, ReportData data)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"Write: path must name a file; got \"{path}\".", nameof(path));
        }

        string html = Render(data);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"Write: path must name a file, not a root; got \"{path}\".", nameof(path));
        string temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            File.WriteAllText(temp, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // The original error matters more than a leftover temporary file.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }

            throw;
        }
    }

    private static void AppendMetrics(StringBuilder sb, IReadOnlyList<ReportMetric> metrics)
    {
        var baselineNames = new List<string>();
        foreach (ReportMetric m in metrics)
        {
            foreach (ReportBaseline b in m.Baselines)
            {
                if (!baselineNames.Contains(b.Name, StringComparer.Ordinal))
                {
                    baselineNames.Add(b.Name);
                }
            }
        }

        sb.Append("<section id=\"metrics\">\n<h2>Metrics</h2>\n<table class=\"metrics\">\n<thead><tr><th>metric</th><th>model</th>");
        foreach (string name in baselineNames)
        {
            sb.Append("<th>").Append(HtmlText.Escape(name)).Append("</th>");
        }

        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (ReportMetric m in metrics)
        {
            sb.Append("<tr><td>").Append(HtmlText.Escape(m.Name)).Append("</td><td>").Append(HtmlText.Escape(HtmlText.FormatValue(m.Value))).Append("</td>");
            foreach (string name in baselineNames)
            {
                ReportBaseline? b = m.Baselines.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.Ordinal));
                sb.Append("<td>").Append(b is null ? string.Empty : HtmlText.Escape(HtmlText.FormatValue(b.Value))).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendForecast(StringBuilder sb, ForecastSection forecast)
    {
        sb.Append("<section id=\"forecast\">\n<h2>Forecast</h2>\n");
        int n = forecast.Series[0].Actual.Count;
        int f = forecast.Series.Max(s => s.Future?.Count ?? 0);
        int total = n + f;
        IReadOnlyList<string>? labels = forecast.TimeLabels;
        string xTitle = forecast.TimeAxisName ?? (labels is null ? "time step" : "time");
        string Label(long i) => labels is not null && i >= 0 && i < labels.Count ? labels[(int)i] : i.ToString(CultureInfo.InvariantCulture);

        for (int s = 0; s < forecast.Series.Count; s++)
        {
            ForecastSeries series = forecast.Series[s];
            var lines = new List<LineSeries> { new("actual", series.Actual, 0, "#0072B2", "actual") { Width = 1.6 } };
            if (series.Predicted is not null)
            {
                double[] fitted = new double[n], tested = new double[n];
                for (int i = 0; i < n; i++)
                {
                    fitted[i] = i < forecast.TestStart ? series.Predicted[i] : double.NaN;
                    tested[i] = i >= forecast.TestStart ? series.Predicted[i] : double.NaN;
                }

                if (fitted.Any(double.IsFinite))
                {
                    lines.Add(new LineSeries("fitted (training range)", fitted, 0, "#E69F00", "fitted") { Width = 1.3 });
                }

                if (tested.Any(double.IsFinite))
                {
                    lines.Add(new LineSeries("forecast (test range)", tested, 0, "#D55E00", "forecast") { Width = 2 });
                }
            }

            if (series.Future is { Count: > 0 })
            {
                lines.Add(new LineSeries("forecast beyond the data", series.Future, n, "#009E73", "future") { Width = 2, Dashed = true });
            }

            var bands = new List<ChartBand>();
            var markers = new List<ChartMarker>();
            if (forecast.TestStart < n)
            {
                bands.Add(new ChartBand(forecast.TestStart - 0.5, n - 0.5, "test range", "#fdebe1", "test-range"));
                if (forecast.TestStart > 0)
                {
                    markers.Add(new ChartMarker(forecast.TestStart - 0.5, "test starts", "test-start"));
                }
            }

            if (series.Future is { Count: > 0 })
            {
                bands.Add(new ChartBand(n - 0.5, total - 1 + 0.5, "beyond the data", "#e3f3ec", "future-range"));
            }

            var chart = new LineChart
            {
                Id = "chart-forecast-" + s.ToString(CultureInfo.InvariantCulture),
                CssClass = "chart-forecast",
                Title = series.Name + ": actual and forecast",
                XTitle = xTitle,
                YTitle = series.Name,
                Series = lines,
                XMin = total <= 1 ? -1 : 0,
                XMax = total <= 1 ? 1 : total - 1,
                XTickLabel = Label,
                Bands = bands,
                Markers = markers,
                XWord = labels is null ? "step" : "at",
            };
            chart.Render(sb);
        }

        sb.Append("</section>\n");
    }

    private static void AppendClassification(StringBuilder sb, ClassificationSection c)
    {
        int k = c.ClassNames.Count;
        sb.Append("<section id=\"classification\">\n<h2>Classification</h2>\n<div class=\"charts-row\">\n");
        ConfusionMatrixChart.Render(sb, c, "chart-confusion");
        sb.Append("<table class=\"per-class\">\n<thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < k; i++)
        {
            long support = 0;
            for (int j = 0; j < k; j++)
            {
                support += c.ConfusionMatrix[i, j];
            }

            double f1 = c.F1[i];
            double barWidth = double.IsFinite(f1) ? Math.Clamp(f1, 0, 1) * 100 : 0;
            string name = c.ClassNames[i];
            sb.Append("<tr><td class=\"class-name\" title=\"").Append(HtmlText.Escape(name)).Append("\">").Append(HtmlText.Escape(HtmlText.Truncate(name, 20)))
              .Append("</td><td>").Append(Fixed(c.Precision[i])).Append("</td><td>").Append(Fixed(c.Recall[i]))
              .Append("</td><td class=\"f1\"><span class=\"bar\" style=\"width:").Append(barWidth.ToString("0.#", CultureInfo.InvariantCulture))
              .Append("%\"></span><span class=\"v\">").Append(Fixed(f1)).Append("</span></td><td>")
              .Append(support.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        sb.Append("</tbody>\n<tfoot>\n<tr><td>accuracy</td><td colspan=\"3\">").Append(Fixed(c.Accuracy)).Append("</td><td></td></tr>\n")
          .Append("<tr><td>macro F1</td><td colspan=\"3\">").Append(Fixed(c.MacroF1)).Append("</td><td></td></tr>\n</tfoot>\n</table>\n</div>\n</section>\n");
    }

    private static void AppendHistory(StringBuilder sb, TrainingHistory history)
    {
        int e = history.TrainingLoss.Count;
        var lines = new List<LineSeries> { new("training loss", history.TrainingLoss, 1, "#0072B2", "training-loss") };
        if (history.ValidationLoss is not null)
        {
            lines.Add(new LineSeries("validation loss", history.ValidationLoss, 1, "#D55E00", "validation-loss"));
        }

        var markers = history.BestEpoch is int best
            ? new List<ChartMarker> { new(best, "best epoch " + best.ToString(CultureInfo.InvariantCulture), "best-epoch") }
            : [];
        sb.Append("<section id=\"training\">\n<h2>Training</h2>\n");
        new LineChart
        {
            Id = "chart-learning-curve",
            CssClass = "chart-learning-curve",
            Title = "Learning curves",
            XTitle = "epoch",
            YTitle = "loss",
            Series = lines,
            XMin = e <= 1 ? 0.5 : 1,
            XMax = e <= 1 ? 1.5 : e,
            YScale = history.LossScale,
            Markers = markers,
            XWord = "epoch",
        }.Render(sb);

        if (history.LearningRate is not null)
        {
            new LineChart
            {
                Id = "chart-learning-rate",
                CssClass = "chart-learning-rate",
                Title = "Learning rate",
                XTitle = "epoch",
                YTitle = "learning rate",
                Series = [new LineSeries("learning rate", history.LearningRate, 1, "#CC79A7", "learning-rate")],
                XMin = e <= 1 ? 0.5 : 1,
                XMax = e <= 1 ? 1.5 : e,
                YScale = AxisScale.Auto,
                Height = 240,
                XWord = "epoch",
            }.Render(sb);
        }

        sb.Append("</section>\n");
    }

    private static string Fixed(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "\u2014";
}

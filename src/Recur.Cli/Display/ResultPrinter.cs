using System.Globalization;
using System.Text.Json.Nodes;
using Recur.Cli.Workflow;
using Recur.Metrics;

namespace Recur.Cli.Display;

/// <summary>Prints forecast and classification metrics as tables (people) and JSON objects (<c>--json</c>).</summary>
internal static class ResultPrinter
{
    /// <summary>The model's metrics beside the naive and seasonal-naive baselines.</summary>
    public static void Forecast(CliConsole console, string title, ForecastScores scores)
    {
        static string Pct(double v) => double.IsNaN(v) ? "-" : v.ToString("F2", CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string>>
        {
            Row("model", scores.Model),
            Row("naive (last value)", scores.Naive),
        };
        if (scores.SeasonalNaive is { } s)
        {
            string where = scores.SeasonalWindows < scores.Windows ? $", {scores.SeasonalWindows} windows" : "";
            rows.Add(Row($"seasonal naive (season {scores.Season}{where})", s));
        }

        console.Table(title, ["forecast", "RMSE", "MAE", "MAPE %", "sMAPE %"], rows);
        double gain = 1 - (scores.Model.Rmse / scores.Naive.Rmse);
        string verdict = gain > 0 ? "beats" : "does not beat";
        console.Line($"model RMSE {CliConsole.Number(scores.Model.Rmse)} {verdict} the naive baseline's {CliConsole.Number(scores.Naive.Rmse)} ({Pct(100 * Math.Abs(gain))} % {(gain > 0 ? "lower" : "higher")}).");

        static IReadOnlyList<string> Row(string name, RegressionReport r) =>
            [name, CliConsole.Number(r.Rmse), CliConsole.Number(r.Mae), Pct(r.Mape), Pct(r.Smape)];
    }

    /// <summary>Accuracy, macro-F1, per-class F1 and the confusion matrix.</summary>
    public static void Classification(CliConsole console, string title, ClassificationReport report, IReadOnlyList<string> classes)
    {
        console.Heading(title);
        console.Line($"accuracy {report.Accuracy:P2} ({(int)Math.Round(report.Accuracy * report.Count)}/{report.Count}), macro-F1 {report.MacroF1:F4}");
        var headers = new List<string> { "true \\ predicted" };
        headers.AddRange(classes);
        headers.Add("F1");
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < classes.Count; i++)
        {
            var row = new List<string> { classes[i] };
            for (int j = 0; j < classes.Count; j++)
            {
                row.Add(report.ConfusionMatrix[i, j].ToString(CultureInfo.InvariantCulture));
            }

            row.Add(report.F1[i].ToString("F3", CultureInfo.InvariantCulture));
            rows.Add(row);
        }

        console.Table("confusion matrix (rows: true class, columns: predicted class)", headers, rows);
    }

    /// <summary>The forecast metrics as JSON: rmse, mae, mape, smape, naive_*, seasonal_naive_*, windows, season.</summary>
    public static JsonObject ForecastJson(ForecastScores scores)
    {
        var json = new JsonObject();
        foreach ((string name, double value) in scores.Named())
        {
            json[name] = JsonOutput.Number(value);
        }

        json["windows"] = scores.Windows;
        json["season"] = scores.Season;
        return json;
    }

    /// <summary>The classification metrics as JSON: accuracy, macro_f1, macro_precision, macro_recall, count, classes, confusion_matrix, f1.</summary>
    public static JsonObject ClassificationJson(ClassificationReport report, IReadOnlyList<string> classes)
    {
        var matrix = new JsonArray();
        for (int i = 0; i < report.ClassCount; i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < report.ClassCount; j++)
            {
                row.Add(report.ConfusionMatrix[i, j]);
            }

            matrix.Add(row);
        }

        return new JsonObject
        {
            ["accuracy"] = report.Accuracy,
            ["macro_f1"] = report.MacroF1,
            ["macro_precision"] = report.MacroPrecision,
            ["macro_recall"] = report.MacroRecall,
            ["count"] = report.Count,
            ["classes"] = new JsonArray(classes.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["f1"] = new JsonArray(report.F1.Select(v => JsonOutput.Number(v)).ToArray()),
            ["confusion_matrix"] = matrix,
        };
    }
}

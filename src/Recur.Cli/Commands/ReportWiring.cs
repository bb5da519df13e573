using System.Globalization;
using Recur.Cli.Display;
using Recur.Cli.Reporting;
using Recur.Cli.Workflow;
using Recur.Data;
using Recur.Metrics;
using Recur.Models;
using ReportHistory = Recur.Cli.Reporting.TrainingHistory;

namespace Recur.Cli.Commands;

/// <summary>
/// Turns the CLI's results into a <see cref="ReportData"/> and writes it with <see cref="HtmlReport.Write"/>:
/// learning curves from the model's per-epoch history; for forecasting, each target over the whole series with the
/// one-step-ahead forecasts (the held-out range marked) and a closed-loop forecast after the end; for classification,
/// the confusion matrix with per-class F1; the metrics table beside the baselines.
/// </summary>
internal static class ReportWiring
{
    /// <summary>Writes the report of a training run (<c>recur train --report</c>).</summary>
    public static void WriteTrainingReport(string path, TrainOutcome outcome, string dataPath)
    {
        ReportData data = outcome.Scores is { } scores
            ? ForecastReport(outcome.Model, outcome.Recipe, outcome.Series!, outcome.OneStep!, scores, outcome.FirstTestRow, dataPath, "held-out part: " + outcome.Recipe.Data.HeldOut)
            : ClassificationReportData(outcome.Model, outcome.Recipe, outcome.Classification!, dataPath, "held-out part: " + outcome.Recipe.Data.HeldOut);
        Write(path, data with
        {
            History = History(outcome.Model, outcome.History.BestEpoch),
        });
    }

    /// <summary>Writes the report of a saved model on a data file (<c>recur report</c>).</summary>
    public static void WriteModelReport(string modelPath, string dataPath, string path)
    {
        (Model model, DataRecipe recipe) = DataRecipe.Load(modelPath);
        int? bestEpoch = model.Metadata.Metrics.TryGetValue("best_epoch", out double best) ? (int)best : null;
        ReportData data;
        if (recipe.IsForecast)
        {
            var forecaster = new Forecaster(model, recipe);
            TimeSeriesTable series = Forecaster.LoadSeries(dataPath, recipe);
            OneStepForecasts oneStep = forecaster.OneStep(series);
            data = ForecastReport(model, recipe, series, oneStep, oneStep.Score(), series.RowCount, dataPath, $"every window of {Path.GetFileName(dataPath)}");
        }
        else
        {
            var classifier = new Classifier(model, recipe);
            SequenceTable table = Classifier.Load(dataPath, recipe, requireLabels: true);
            SequenceTable part = Classifier.HeldOutPart(table);
            string which = table.Splits is null ? $"all {part.Count} sequences of {Path.GetFileName(dataPath)}" : $"the {part.Count} test sequences of {Path.GetFileName(dataPath)}";
            data = ClassificationReportData(model, recipe, classifier.Evaluate(part), dataPath, which);
        }

        Write(path, data with { History = History(model, bestEpoch) });
    }

    private static ReportData ForecastReport(Model model, DataRecipe recipe, TimeSeriesTable series, OneStepForecasts oneStep, ForecastScores scores, int testStart, string dataPath, string scope)
    {
        int n = series.RowCount, k = recipe.Targets.Count;
        int futureSteps = Math.Max(recipe.Horizon, Math.Clamp(recipe.Season > 1 ? recipe.Season : 12, 6, 60));
        double[,] future = new Forecaster(model, recipe).Future(series, futureSteps);
        float[,] actual = ChangeSeries.Extract(series, recipe.Targets);
        var seriesList = new List<ForecastSeries>();
        for (int j = 0; j < k; j++)
        {
            var predicted = Enumerable.Repeat(double.NaN, n).ToArray();
            for (int i = 0; i < oneStep.Rows.Length; i++)
            {
                predicted[oneStep.Rows[i]] = oneStep.Forecast[i, j];
            }

            int target = j;
            seriesList.Add(new ForecastSeries(recipe.Targets[j], Enumerable.Range(0, n).Select(t => (double)actual[t, target]).ToArray())
            {
                Predicted = predicted,
                Future = Enumerable.Range(0, futureSteps).Select(s => future[s, target]).ToArray(),
            });
        }

        IReadOnlyList<string>? labels = null;
        if (series.TimeValues is not null)
        {
            TimeAxis axis = TimeAxis.Detect(series.TimeValues);
            labels = [.. series.TimeValues, .. Enumerable.Range(1, futureSteps).Select(axis.After)];
        }

        var metrics = new List<ReportMetric>
        {
            Metric("RMSE", scores.Model.Rmse, scores.Naive.Rmse, scores.SeasonalNaive?.Rmse, scores.Season),
            Metric("MAE", scores.Model.Mae, scores.Naive.Mae, scores.SeasonalNaive?.Mae, scores.Season),
            Metric("MAPE %", scores.Model.Mape, scores.Naive.Mape, scores.SeasonalNaive?.Mape, scores.Season),
            Metric("sMAPE %", scores.Model.Smape, scores.Naive.Smape, scores.SeasonalNaive?.Smape, scores.Season),
        };
        return new ReportData($"Forecasting {string.Join(", ", recipe.Targets)}")
        {
            Subtitle = $"{Path.GetFileName(dataPath)} · {recipe.Model.Kind} · one-step-ahead metrics over {scores.Windows} windows ({scope})",
            Summary =
            [
                $"Features: {string.Join(", ", recipe.Features)}; lookback {recipe.Lookback}, horizon {recipe.Horizon}, season {(recipe.Season > 1 ? recipe.Season.ToString(CultureInfo.InvariantCulture) : "none")}",
                $"Trained on {recipe.Data.File}: {recipe.Data.Train} training and {recipe.Data.Validation} validation windows",
                $"The model predicts the next step-to-step changes (z-scored with training statistics); forecasts are in the original units; the last {futureSteps} points are a closed-loop forecast after the data.",
            ],
            Metrics = metrics,
            ModelSummary = Summary(model, recipe),
            Forecast = new ForecastSection(seriesList, Math.Clamp(testStart, 0, n))
            {
                TimeLabels = labels,
                TimeAxisName = recipe.TimeColumn,
            },
        };
    }

    private static ReportData ClassificationReportData(Model model, DataRecipe recipe, ClassificationReport report, string dataPath, string scope) =>
        new($"Classifying {recipe.LabelColumn ?? "sequences"}")
        {
            Subtitle = $"{Path.GetFileName(dataPath)} · {recipe.Model.Kind} · {report.Count} sequences ({scope})",
            Summary =
            [
                $"{recipe.ClassNames.Count} classes; features: {string.Join(", ", recipe.Features.Take(30))}{(recipe.Features.Count > 30 ? ", …" : "")}",
                $"Trained on {recipe.Data.File}: {recipe.Data.Train} training and {recipe.Data.Validation} validation sequences",
            ],
            Metrics =
            [
                new ReportMetric("accuracy", report.Accuracy),
                new ReportMetric("macro-F1", report.MacroF1),
                new ReportMetric("macro precision", report.MacroPrecision),
                new ReportMetric("macro recall", report.MacroRecall),
            ],
            ModelSummary = Summary(model, recipe),
            Classification = ClassificationSection.FromReport(recipe.ClassNames, report),
        };

    private static ReportMetric Metric(string name, double model, double naive, double? seasonal, int season) =>
        new(name, model)
        {
            Baselines = seasonal is { } s
                ? [new ReportBaseline("naive", naive), new ReportBaseline($"seasonal naive ({season})", s)]
                : [new ReportBaseline("naive", naive)],
        };

    private static ReportHistory? History(Model model, int? bestEpoch)
    {
        ReportHistory? history = ReportHistory.FromMetrics(model.Metadata.History);
        return history is null ? null : history with { BestEpoch = bestEpoch is { } e && e >= 1 && e <= history.TrainingLoss.Count ? e : null };
    }

    private static string Summary(Model model, DataRecipe recipe)
    {
        try
        {
            return model.Summary([recipe.IsForecast ? recipe.Lookback : -1, recipe.Features.Count]);
        }
        catch (ArgumentException)
        {
            return model.Summary();
        }
    }

    private static void Write(string path, ReportData data)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        HtmlReport.Write(path, data);
    }
}

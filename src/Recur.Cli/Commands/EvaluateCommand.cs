using Recur.Cli.Display;
using Recur.Cli.Workflow;
using Recur.Data;
using Recur.Metrics;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur evaluate</c>: forecasting — one-step-ahead RMSE, MAE, MAPE and sMAPE over every window of the file beside
/// the naive and seasonal-naive baselines; classification — accuracy, macro-F1 and the confusion matrix (of the test
/// sequences when the file has the model's split column, else of every sequence).
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string modelPath, string dataPath, int? season, CliConsole console)
    {
        if (season is < 1)
        {
            throw new UsageException($"--season must be at least 1; got {season}.");
        }

        (Model model, DataRecipe recipe) = DataRecipe.Load(modelPath);
        if (recipe.IsForecast)
        {
            if (season is not null)
            {
                recipe = recipe with { Season = season.Value };
            }

            var forecaster = new Forecaster(model, recipe);
            TimeSeriesTable series = Forecaster.LoadSeries(dataPath, recipe);
            ForecastScores scores = forecaster.OneStep(series).Score();
            if (console.Json)
            {
                JsonOutput.Write(console.Out, ResultPrinter.ForecastJson(scores));
            }
            else
            {
                ResultPrinter.Forecast(console, $"one-step-ahead forecasts of {string.Join(", ", recipe.Targets)} over {scores.Windows} windows of {dataPath}", scores);
            }

            return Program.ExitOk;
        }

        if (season is not null)
        {
            console.Warn("--season applies to forecasting models only and is ignored.");
        }

        var classifier = new Classifier(model, recipe);
        SequenceTable table = Classifier.Load(dataPath, recipe, requireLabels: true);
        SequenceTable part = Classifier.HeldOutPart(table);
        ClassificationReport report = classifier.Evaluate(part);
        if (console.Json)
        {
            JsonOutput.Write(console.Out, ResultPrinter.ClassificationJson(report, recipe.ClassNames));
        }
        else
        {
            string which = table.Splits is null ? $"all {part.Count} sequences" : $"the {part.Count} test sequences ({recipe.SplitColumn} = test)";
            ResultPrinter.Classification(console, $"{which} of {dataPath}", report, recipe.ClassNames);
        }

        return Program.ExitOk;
    }
}

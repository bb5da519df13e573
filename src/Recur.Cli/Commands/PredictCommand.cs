using System.Globalization;
using Recur.Cli.Display;
using Recur.Cli.Workflow;
using Recur.Data;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur predict</c>: classification — one row per sequence with the predicted label and every class probability
/// (and the true label when the file has one); forecasting — one row per window with its H forecasts of each target
/// in the original units (and the actual values where the file has them).
/// </summary>
internal static class PredictCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string modelPath, string dataPath, string outPath, CliConsole console)
    {
        (Model model, DataRecipe recipe) = DataRecipe.Load(modelPath);
        int rows;
        if (recipe.IsForecast)
        {
            var forecaster = new Forecaster(model, recipe);
            TimeSeriesTable series = Forecaster.LoadSeries(dataPath, recipe);
            (int[] origins, double[][,] forecasts) = forecaster.AllWindows(series);
            float[,] actual = ChangeSeries.Extract(series, recipe.Targets);
            var header = new List<string> { "window", recipe.TimeColumn is null ? "origin_row" : "origin_" + recipe.TimeColumn };
            for (int h = 1; h <= recipe.Horizon; h++)
            {
                foreach (string target in recipe.Targets)
                {
                    string name = recipe.Horizon == 1 ? target : $"{target}_t+{h}";
                    header.Add(name);
                    header.Add(name + "_actual");
                }
            }

            var lines = new List<IReadOnlyList<string>>();
            for (int i = 0; i < origins.Length; i++)
            {
                int origin = origins[i];
                var line = new List<string>
                {
                    (i + 1).ToString(CultureInfo.InvariantCulture),
                    series.TimeValues?[origin] ?? (origin + 1).ToString(CultureInfo.InvariantCulture),
                };
                for (int h = 0; h < recipe.Horizon; h++)
                {
                    for (int k = 0; k < recipe.Targets.Count; k++)
                    {
                        int row = origin + h + 1;
                        line.Add(CsvOutput.Number(forecasts[i][h, k]));
                        line.Add(row < series.RowCount ? CsvOutput.Number(actual[row, k]) : "");
                    }
                }

                lines.Add(line);
            }

            CsvOutput.Write(outPath, header, lines);
            rows = lines.Count;
        }
        else
        {
            var classifier = new Classifier(model, recipe);
            SequenceTable table = Classifier.Load(dataPath, recipe, requireLabels: false);
            var results = classifier.Classify(table);
            var header = new List<string> { "id", "predicted" };
            if (table.Labels is not null)
            {
                header.Add("actual");
            }

            header.AddRange(recipe.ClassNames.Select(c => "p_" + c));
            var lines = new List<IReadOnlyList<string>>();
            for (int i = 0; i < table.Count; i++)
            {
                var line = new List<string> { table.Ids[i], recipe.ClassNames[results[i].Label] };
                if (table.Labels is not null)
                {
                    line.Add(recipe.ClassNames[table.Labels[i]]);
                }

                line.AddRange(results[i].Probabilities.Select(p => p.ToString("G6", CultureInfo.InvariantCulture)));
                lines.Add(line);
            }

            CsvOutput.Write(outPath, header, lines);
            rows = lines.Count;
        }

        console.Line($"wrote {rows} {(recipe.IsForecast ? "window forecasts" : "sequence predictions")} to {outPath}");
        return Program.ExitOk;
    }
}

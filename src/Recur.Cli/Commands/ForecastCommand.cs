using System.Globalization;
using Recur.Cli.Display;
using Recur.Cli.Workflow;
using Recur.Data;
using Recur.Models;

namespace Recur.Cli.Commands;

/// <summary>
/// <c>recur forecast</c>: a closed-loop forecast of N steps from the end of the data, in the original units, with the
/// time column continued when the data has one.
/// </summary>
internal static class ForecastCommand
{
    /// <summary>Runs the command.</summary>
    public static int Run(string modelPath, string dataPath, int steps, string outPath, CliConsole console)
    {
        if (steps < 1)
        {
            throw new UsageException($"--steps must be at least 1; got {steps}.");
        }

        (Model model, DataRecipe recipe) = DataRecipe.Load(modelPath);
        if (!recipe.IsForecast)
        {
            throw new UsageException($"'recur forecast' needs a forecasting model; {modelPath} is a classifier (use 'recur predict').");
        }

        var forecaster = new Forecaster(model, recipe);
        TimeSeriesTable series = Forecaster.LoadSeries(dataPath, recipe);
        double[,] future = forecaster.Future(series, steps);
        TimeAxis axis = TimeAxis.Detect(series.TimeValues);
        var header = new List<string> { recipe.TimeColumn ?? "step" };
        header.AddRange(recipe.Targets);
        var lines = new List<IReadOnlyList<string>>();
        for (int i = 0; i < steps; i++)
        {
            var line = new List<string> { recipe.TimeColumn is null ? (series.RowCount + i + 1).ToString(CultureInfo.InvariantCulture) : axis.After(i + 1) };
            for (int k = 0; k < recipe.Targets.Count; k++)
            {
                line.Add(CsvOutput.Number(future[i, k]));
            }

            lines.Add(line);
        }

        CsvOutput.Write(outPath, header, lines);
        bool heldFeatures = recipe.Features.Except(recipe.Targets).Any() && steps > recipe.Horizon;
        if (heldFeatures)
        {
            console.Warn($"beyond the horizon ({recipe.Horizon}) the non-target features ({string.Join(", ", recipe.Features.Except(recipe.Targets))}) are held at their last values.");
        }

        console.Table($"forecast of {steps} steps after {(series.TimeValues is null ? $"row {series.RowCount}" : series.TimeValues[^1])} (written to {outPath})", header, lines.Take(24));
        if (steps > 24)
        {
            console.Line($"  … {steps - 24} more rows in {outPath}");
        }

        return Program.ExitOk;
    }
}

using System.Globalization;
using Recur.Cli.Commands;
using Recur.Cli.Display;
using Recur.Data;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Workflow;

/// <summary>
/// <c>recur train --task forecast</c>: loads the series, splits it chronologically (train / validation / test, or
/// train / validation and the <c>--test</c> file), learns to predict the next H changes of the targets from the last
/// L changes of the features (z-scored with training-part statistics), stops early on the validation part with the
/// best weights restored, and scores one-step-ahead forecasts on the held-out part beside the naive baselines.
/// </summary>
internal static class ForecastTraining
{
    /// <summary>The defaults of forecasting runs.</summary>
    internal const int DefaultHidden = 32;
    internal const int DefaultEpochs = 200;
    internal const int DefaultPatience = 25;
    internal const double DefaultLearningRate = 0.003;
    internal const double HeldOutFraction = 0.15;
    internal const int IterationBudget = 12000;

    /// <summary>Trains, scores and returns the outcome (the model is not yet saved).</summary>
    public static TrainOutcome Run(TrainSettings s, CliConsole console, CancellationToken cancellationToken)
    {
        CsvPeek peek = CsvPeek.Read(s.Data);
        IReadOnlyList<string> targets = s.Target ?? DefaultTarget(peek, s, console);
        var options = new TimeSeriesCsvOptions
        {
            TargetColumns = targets,
            FeatureColumns = s.Features,
            TimeColumn = s.Time,
            Missing = DataRecipe.ParseFill(s.Fill),
        };
        TimeSeriesTable data = TimeSeriesCsv.Load(s.Data, options);
        int dataRows = data.RowCount;
        TimeSeriesTable series = data;
        if (s.Test is not null)
        {
            TimeSeriesTable test = TimeSeriesCsv.Load(s.Test, options with
            {
                FeatureColumns = data.FeatureColumns,
                TimeColumn = data.TimeColumn,
                DetectTimeColumn = false,
            });
            series = ChangeSeries.Concat(data, test);
        }

        int horizon = s.Horizon ?? 1;
        int changes = series.RowCount - 1;
        if (changes < 4 * horizon + 4)
        {
            throw new DataException(s.Data, null, targets[0], null,
                $"too few rows: {series.RowCount} rows cannot be split into training, validation and test parts for horizon {horizon} (at least {4 * horizon + 5} are needed).");
        }

        // Chronological parts of the change rows (change row r leads to original row r + 1).
        int testRows = s.Test is not null ? series.RowCount - dataRows : Math.Max(horizon, (int)Math.Round(changes * HeldOutFraction));
        int trainAndValidation = changes - testRows;
        int validationRows = Math.Max(horizon, (int)Math.Round(trainAndValidation * (s.Test is not null ? 0.18 : HeldOutFraction / (1 - HeldOutFraction))));
        int trainRows = trainAndValidation - validationRows;
        var split = new ChronologicalSplit(trainRows, validationRows, testRows);

        float[,] levels = ChangeSeries.Extract(series, series.TargetColumns);
        int season = s.Season ?? SeasonDetector.Detect(Enumerable.Range(0, trainRows + 1).Select(t => (double)levels[t, 0]).ToArray());
        int lookback = s.Lookback ?? DefaultLookback(season, trainRows, horizon);

        float[,] featureChanges = ChangeSeries.Differences(ChangeSeries.Extract(series, series.FeatureColumns));
        float[,] targetChanges = ChangeSeries.Differences(levels);
        var inputScaler = new ZScoreScaler(series.FeatureColumns);
        inputScaler.Fit(featureChanges, trainRows);
        var outputScaler = new ZScoreScaler(series.TargetColumns);
        outputScaler.Fit(targetChanges, trainRows);
        TimeSeriesTable table = ChangeSeries.Table(series, inputScaler.Transform(featureChanges), outputScaler.Transform(targetChanges), series.FeatureColumns, series.TargetColumns);
        ForecastWindowSplit windows = Windowing.Create(table, lookback, horizon, 1, split);
        if (windows.Validation.Count == 0 || windows.Train.Count < 2)
        {
            throw new DataException(s.Data, null, targets[0], null,
                $"too few rows: lookback {lookback} and horizon {horizon} leave {windows.Train.Count} training and {windows.Validation.Count} validation windows in {series.RowCount} rows; give a smaller --lookback.");
        }

        SequenceDataset train = Dataset(windows.Train);
        SequenceDataset validation = Dataset(windows.Validation);
        var modelOptions = new ModelOptions(s.Model ?? "lstm", s.Hidden ?? DefaultHidden, s.Layers ?? 1, s.Dropout ?? 0, s.Attention);
        Sequential model = ModelFactory.Build(modelOptions, series.FeatureColumns.Count, horizon * series.TargetColumns.Count, (ulong)s.Seed);
        int batch = s.Batch ?? Math.Clamp(train.Count / 8, 8, 32);
        (int epochs, int patience) = TrainingRun.Budget(train.Count, batch, DefaultEpochs, DefaultPatience, IterationBudget);
        TrainingOptions trainingOptions = TrainingRun.Options(
            validation, s.Epochs ?? epochs, batch, s.LearningRate ?? DefaultLearningRate, s.Patience ?? patience, s.Seed);

        console.Line($"forecast {string.Join(", ", series.TargetColumns)} from {string.Join(", ", series.FeatureColumns)}{(series.TimeColumn is null ? "" : $" (time column {series.TimeColumn})")}: " +
            $"{series.RowCount} rows; lookback {lookback}, horizon {horizon}, season {(season > 1 ? season.ToString(CultureInfo.InvariantCulture) : "none")}{(s.Season is null && season > 1 ? " (detected)" : "")}");
        console.Line($"windows: {train.Count} train, {validation.Count} validation, test rows {testRows} ({(s.Test is null ? "the last part of the series" : "the --test file")}); model {modelOptions.Kind}({modelOptions.Hidden}×{modelOptions.Layers}), {ModelFactory.ParameterCount(model)} parameters, batch {batch}");
        TrainingHistory history = TrainingRun.Fit(model, train, trainingOptions, console, "rmse", cancellationToken);
        console.Line(TrainingRun.Describe(history));

        var recipe = new DataRecipe
        {
            Task = TaskNames.Forecast,
            Features = series.FeatureColumns,
            Targets = series.TargetColumns,
            TimeColumn = series.TimeColumn,
            Lookback = lookback,
            Horizon = horizon,
            Season = season,
            Fill = s.Fill,
            InputScaler = inputScaler.GetState(),
            OutputScaler = outputScaler.GetState(),
            Model = modelOptions,
            Data = new TrainingDataSummary
            {
                File = Path.GetFileName(s.Data),
                Count = dataRows,
                Train = train.Count,
                Validation = validation.Count,
                Test = testRows,
                HeldOut = s.Test is null ? $"the last {testRows} rows" : $"the {testRows} rows of {Path.GetFileName(s.Test)}",
                FirstTime = series.TimeValues?[0],
                LastTime = data.TimeValues?[^1],
            },
        };
        recipe.SaveTo(model);

        var forecaster = new Forecaster(model, recipe);
        OneStepForecasts oneStep = forecaster.OneStep(series);
        int firstTestRow = split.TestStart + 1;
        ForecastScores scores = oneStep.Score(firstTestRow);
        foreach ((string name, double value) in scores.Named())
        {
            if (double.IsFinite(value))
            {
                model.Metadata.Metrics["test_" + name] = value;
            }
        }

        return new TrainOutcome(model, recipe, history, series, oneStep, firstTestRow, scores, null, null);
    }

    /// <summary>The last numeric column that is not the time column (with a note), or a usage error when there is none.</summary>
    private static string[] DefaultTarget(CsvPeek peek, TrainSettings s, CliConsole console)
    {
        string? target = null;
        for (int c = peek.Header.Count - 1; c >= 0 && target is null; c--)
        {
            if (peek.Numeric[c] && peek.Header[c] != s.Time)
            {
                target = peek.Header[c];
            }
        }

        if (target is null)
        {
            if (peek.Header.Count == 0)
            {
                return ["(target)"]; // the loader reports the unreadable file
            }

            throw new UsageException($"--target is required: no numeric column found in '{s.Data}' (columns: {string.Join(", ", peek.Header)}).");
        }

        console.Line($"target: {target} (the last numeric column; choose another with --target)");
        return [target];
    }

    /// <summary>
    /// max(2·season, 12) when that is at most 64 (two seasons seen in every window); 32 for longer seasons (e.g. a
    /// yearly season of daily data, where a window of two seasons would be slow and mostly irrelevant); 12 without a
    /// season; never more than a quarter of the training rows (at least 2).
    /// </summary>
    internal static int DefaultLookback(int season, int trainRows, int horizon)
    {
        int lookback = season <= 1 ? 12 : 2 * season <= 64 ? Math.Max(2 * season, 12) : 32;
        return Math.Max(2, Math.Min(lookback, (trainRows - horizon) / 4));
    }

    /// <summary>Windows (N, L, F) → (N, H·K) as a regression dataset.</summary>
    private static SequenceDataset Dataset(ForecastWindows windows)
    {
        int n = windows.Count, l = windows.Lookback, f = windows.Inputs.Shape[2];
        int o = windows.Horizon * windows.Targets.Shape[2];
        float[] x = windows.Inputs.ToArray();
        float[] y = windows.Targets.ToArray();
        var inputs = new Tensor[n];
        var targets = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            inputs[i] = Tensor.FromArray(x.AsSpan(i * l * f, l * f).ToArray(), l, f);
            targets[i] = Tensor.FromArray(y.AsSpan(i * o, o).ToArray(), o);
        }

        return SequenceDataset.ForSequenceRegression(inputs, targets);
    }
}

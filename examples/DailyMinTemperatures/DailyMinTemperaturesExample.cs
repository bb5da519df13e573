using System.Globalization;
using Recur.Data;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Modules;
using Recur.Training;

namespace Recur.Examples.DailyMinTemperatures;

/// <summary>
/// Daily minimum temperatures in Melbourne, 1981–1990: train on 1981–1989, then forecast each day of 1990 one step
/// ahead from the true previous L days (open loop), and compare the RMSE with persistence (each day = the day before).
/// </summary>
/// <remarks>
/// The temperatures are z-scored with the statistics of the training years only (<see cref="ZScoreScaler"/>) and cut
/// into windows of L = 30 days → the next day (<see cref="Windowing"/> with a chronological split: the training
/// windows' targets are all in 1981–1989; the 365 test windows' targets are the days of 1990, their inputs reaching
/// back into December 1989). An LSTM (output mode last) → Dense(1) learns the windows; <see cref="Model.Predict"/> then
/// forecasts all 365 test windows, and the forecasts go back to °C with the same scaler. The series has 365 rows per
/// year (the two 31 Decembers of the leap years are absent), so it is used as consecutive steps.
/// </remarks>
public static class DailyMinTemperaturesExample
{
    /// <summary>The temperature column (°C).</summary>
    public const string ValueColumn = "temp_c";

    /// <summary>The time column (ISO dates).</summary>
    public const string TimeColumn = "date";

    /// <summary>The first day of the test year.</summary>
    public const string TestStart = "1990-01-01";

    /// <summary>Runs the example: loads the data, trains the model, forecasts 1990 and measures both forecasts.</summary>
    /// <param name="options">The size, seed, data path and progress sink.</param>
    /// <returns>The forecasts, the actual values and both RMSEs.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An explicit epoch, hidden-size, lookback or stride count is below 1.</exception>
    /// <exception cref="DataException">The file is missing or malformed, or has no test year after a training part of more than L + 1 days.</exception>
    public static ExampleResult Run(ExampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool full = options.Size == ExampleSize.Full;
        int epochs = Positive(options.Epochs ?? (full ? 20 : 6), nameof(options.Epochs));
        int hidden = Positive(options.HiddenSize ?? (full ? 32 : 16), nameof(options.HiddenSize));
        int lookback = Positive(options.Lookback ?? 30, nameof(options.Lookback));
        int stride = Positive(options.TrainingStride ?? (full ? 1 : 3), nameof(options.TrainingStride));
        Action<string> log = options.Log ?? (static _ => { });

        string path = options.DataPath ?? RepositoryRoot.Combine("samples", "daily_min_temperatures", "daily_min_temperatures.csv");
        TimeSeriesTable table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = [ValueColumn], TimeColumn = TimeColumn });
        IReadOnlyList<string> dates = table.TimeValues!;
        int trainRows = IndexOf(dates, TestStart);
        if (trainRows < lookback + 2)
        {
            throw new DataException(path, null, TimeColumn, null,
                $"expected more than {lookback + 1} training days (the lookback and two more) before {TestStart}; got {Math.Max(trainRows, 0)}.");
        }

        int testRows = table.RowCount - trainRows;
        log(string.Create(CultureInfo.InvariantCulture,
            $"Data: {table.RowCount} days {dates[0]}…{dates[^1]}; train {dates[0]}…{dates[trainRows - 1]} ({trainRows}), test {TestStart}…{dates[^1]} ({testRows})"));

        // Scale with the training years' statistics only, then cut windows of L days → the next day.
        var scaler = new ZScoreScaler([ValueColumn]);
        scaler.Fit(table, trainRows);
        TimeSeriesTable scaled = scaler.Transform(table);
        ForecastWindowSplit windows = Windowing.Create(scaled, lookback, horizon: 1, stride: 1, new ChronologicalSplit(trainRows, 0, testRows));
        SequenceDataset train = windows.Train.ToDataset();
        if (stride > 1)
        {
            train = train.Subset([.. Enumerable.Range(0, train.Count).Where(i => i % stride == 0)]);
        }

        log(string.Create(CultureInfo.InvariantCulture,
            $"Training: {train.Count} windows of {lookback} days (stride {stride}) → the next day; test: {windows.Test.Count} windows, one per day of 1990"));

        var model = new Sequential(
            new SequenceInput(1),
            new Lstm(1, hidden, batchFirst: true, seed: options.Seed) { OutputMode = OutputMode.Last },
            new Dense(hidden, 1, seed: options.Seed + 1));
        TrainingHistory fit = model.Fit(train, new TrainingOptions
        {
            Optimizer = OptimizerKind.Adam,
            InitialLearnRate = 0.005,
            MaxEpochs = epochs,
            MiniBatchSize = 32,
            Shuffle = ShuffleMode.EveryEpoch,
            GradientThreshold = 1,
            Seed = options.Seed,
            OnEpoch = e => log(string.Create(CultureInfo.InvariantCulture,
                $"  epoch {e.Epoch}/{epochs}: training RMSE {e.TrainingMetric * scaler.Std[0]:F3} °C, {e.Elapsed.TotalSeconds:F1} s")),
        });
        log(string.Create(CultureInfo.InvariantCulture, $"Trained {fit.Iterations} iterations in {fit.Elapsed.TotalSeconds:F1} s"));

        // One-step forecasts of 1990, each from the true previous L days (open loop).
        IReadOnlyList<Tensor> predicted = model.Predict(windows.Test.InputSequences());
        Tensor forecastScaled = Tensor.FromArray([.. predicted.Select(static p => p.ToArray()[0])], predicted.Count, 1);
        double[] forecast = [.. scaler.InverseTransform(forecastScaled).ToArray().Select(static v => (double)v)];

        float[] temps = table.Column(ValueColumn);
        double[] actual = [.. temps[trainRows..].Select(static v => (double)v)];
        double[] persistence = [.. temps[(trainRows - 1)..^1].Select(static v => (double)v)];
        RegressionReport model1990 = RegressionMetrics.Compute(actual, forecast);
        RegressionReport naive = RegressionMetrics.Compute(actual, persistence);
        log(string.Create(CultureInfo.InvariantCulture, $"Persistence (each day = the day before): RMSE {naive.Rmse:F3}, MAE {naive.Mae:F3}"));
        log(string.Create(CultureInfo.InvariantCulture, $"LSTM one-step forecasts:                RMSE {model1990.Rmse:F3}, MAE {model1990.Mae:F3}"));
        return new ExampleResult([.. dates.Skip(trainRows)], actual, forecast, model1990.Rmse, model1990.Mae, naive.Rmse, naive.Mae);
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Positive(int value, string name) => value >= 1
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"DailyMinTemperaturesExample: {name} must be ≥ 1; got {value}.");
}

using System.Globalization;
using Recur.Data;
using Recur.Layers;
using Recur.Metrics;
using Recur.Models;
using Recur.Modules;
using Recur.Training;

namespace Recur.Examples.AirlinePassengers;

/// <summary>
/// The airline-passengers forecast (Box &amp; Jenkins series G): train on 1949–1959, forecast the 12 months of 1960 in
/// closed loop, and compare the RMSE with the seasonal-naive forecast (1960 = 1959).
/// </summary>
/// <remarks>
/// The series trends and its seasonality is multiplicative, so the model works on the yearly growth in logarithms,
/// g_t = ln x_t − ln x_{t−12} (a seasonal difference of the log series: nearly stationary, and the seasonal-naive
/// forecast is g = 0). The growths of 1950–1959 (120 values) are z-scored with statistics of those training values
/// only and cut into windows of L = 24 (<see cref="Windowing"/>), each labelled with the next growth; a small
/// LSTM(8, output mode last) → Dense(1) learns them. The forecast reads the last L growths of 1959 and then feeds each
/// predicted growth back as the next input for 12 steps (<see cref="Model.ForecastClosedLoop"/>); the passenger
/// forecast is x̂_t = x_{t−12}·exp(ĝ_t), where x_{t−12} is the known 1959 value. The growth forecasts of several
/// members trained with different seeds are averaged (one small LSTM on 96 windows varies with its seed; the mean
/// does much less).
/// </remarks>
public static class AirlinePassengersExample
{
    /// <summary>The column of passengers (thousands per month).</summary>
    public const string ValueColumn = "passengers";

    /// <summary>The time column (YYYY-MM).</summary>
    public const string TimeColumn = "month";

    /// <summary>The first month of the test year.</summary>
    public const string TestStart = "1960-01";

    private const int Season = 12;

    /// <summary>Runs the example: loads the data, trains the ensemble, forecasts 1960 and measures both forecasts.</summary>
    /// <param name="options">The size, seed, data path and progress sink.</param>
    /// <returns>The forecast, the actual values and both RMSEs.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An explicit member, epoch, hidden-size or lookback count is below 1.</exception>
    /// <exception cref="DataException">The file is missing or malformed, or does not hold the 12 months of 1960 after at least 12 + L + 2 training months.</exception>
    public static ExampleResult Run(ExampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool full = options.Size == ExampleSize.Full;
        int members = Positive(options.Members ?? (full ? 10 : 3), nameof(options.Members));
        int epochs = Positive(options.Epochs ?? 30, nameof(options.Epochs));
        int hidden = Positive(options.HiddenSize ?? 8, nameof(options.HiddenSize));
        int lookback = Positive(options.Lookback ?? 24, nameof(options.Lookback));
        Action<string> log = options.Log ?? (static _ => { });

        string path = options.DataPath ?? RepositoryRoot.Combine("samples", "airline_passengers", "airline_passengers.csv");
        TimeSeriesTable table = TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions { TargetColumns = [ValueColumn], TimeColumn = TimeColumn });
        float[] passengers = table.Column(ValueColumn);
        IReadOnlyList<string> months = table.TimeValues!;
        int trainRows = IndexOf(months, TestStart);
        if (trainRows < Season + lookback + 2 || table.RowCount - trainRows != Season)
        {
            throw new DataException(path, null, TimeColumn, null,
                $"expected at least {Season + lookback + 2} training months (a year, the lookback and two more) before {TestStart} and exactly 12 test months from it; got {Math.Max(trainRows, 0)} and {table.RowCount - Math.Max(trainRows, 0)}.");
        }

        log(string.Create(CultureInfo.InvariantCulture,
            $"Data: {table.RowCount} months {months[0]}…{months[^1]}; train {months[0]}…{months[trainRows - 1]} ({trainRows}), test {TestStart}…{months[^1]} ({Season})"));

        // Yearly log growth of the training months, z-scored with statistics of the training part only.
        int n = trainRows - Season;
        var growth = new float[n, 1];
        for (int t = 0; t < n; t++)
        {
            growth[t, 0] = (float)(Math.Log(passengers[t + Season]) - Math.Log(passengers[t]));
        }

        var scaler = new ZScoreScaler(["growth"]);
        scaler.Fit(growth, n);
        float[,] scaled = scaler.Transform(growth);
        var z = new float[n];
        for (int t = 0; t < n; t++)
        {
            z[t] = scaled[t, 0];
        }

        // Windows of L growths → the next growth; the forecast starts from the last L growths of 1959.
        var growthTable = new TimeSeriesTable(["growth"], scaled, ["growth"], ["growth"], TimeColumn, [.. months.Skip(Season).Take(n)]);
        SequenceDataset train = Windowing.Create(growthTable, lookback, horizon: 1).ToDataset();
        Tensor history = Tensor.FromArray(z[^lookback..], lookback, 1);
        log(string.Create(CultureInfo.InvariantCulture,
            $"Training: {train.Count} windows of {lookback} yearly log growths ({months[Season]}…{months[trainRows - 1]}, z-scored on the training part) → the next growth"));

        double[] actual = [.. passengers[trainRows..].Select(static v => (double)v)];
        double[] seasonalNaive = [.. passengers[(trainRows - Season)..trainRows].Select(static v => (double)v)];
        double baseline = RegressionMetrics.Compute(actual, seasonalNaive).Rmse;
        log(string.Create(CultureInfo.InvariantCulture, $"Seasonal naive (1960 = 1959): RMSE {baseline:F2}"));

        var meanGrowth = new double[Season];
        var memberRmse = new double[members];
        for (int m = 0; m < members; m++)
        {
            ulong seed = (options.Seed * 100) + (ulong)m;
            var model = new Sequential(
                new SequenceInput(1),
                new Lstm(1, hidden, batchFirst: true, seed: seed) { OutputMode = OutputMode.Last },
                new Dense(hidden, 1, seed: seed + 50));
            int member = m;
            TrainingHistory fit = model.Fit(train, new TrainingOptions
            {
                Optimizer = OptimizerKind.Adam,
                InitialLearnRate = 0.005,
                MaxEpochs = epochs,
                MiniBatchSize = 8,
                Shuffle = ShuffleMode.EveryEpoch,
                GradientThreshold = 1,
                Seed = seed,
                OnEpoch = e =>
                {
                    if (e.Epoch % 10 == 0 || e.Epoch == epochs)
                    {
                        log(string.Create(CultureInfo.InvariantCulture,
                            $"  member {member + 1}/{members} epoch {e.Epoch}/{epochs}: training RMSE {e.TrainingMetric:F4} (scaled), {e.Elapsed.TotalSeconds:F1} s"));
                    }
                },
            });

            Tensor forecast = scaler.InverseTransform(model.ForecastClosedLoop(history, Season)); // (12, 1) growth
            double[] g = [.. forecast.ToArray().Select(static v => (double)v)];
            double[] own = Passengers(seasonalNaive, g);
            memberRmse[m] = RegressionMetrics.Compute(actual, own).Rmse;
            for (int i = 0; i < Season; i++)
            {
                meanGrowth[i] += g[i] / members;
            }

            log(string.Create(CultureInfo.InvariantCulture,
                $"Member {m + 1}/{members} (seed {seed}, {fit.Epochs.Count} epochs, {fit.Elapsed.TotalSeconds:F1} s): 1960 RMSE {memberRmse[m]:F2}"));
        }

        double[] ensemble = Passengers(seasonalNaive, meanGrowth);
        double rmse = RegressionMetrics.Compute(actual, ensemble).Rmse;
        return new ExampleResult([.. months.Skip(trainRows)], actual, ensemble, rmse, baseline, memberRmse);
    }

    /// <summary>x̂_t = x_{t−12}·exp(ĝ_t).</summary>
    private static double[] Passengers(double[] lastYear, double[] growth) =>
        [.. lastYear.Select((x, i) => x * Math.Exp(growth[i]))];

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
        : throw new ArgumentOutOfRangeException(name, value, $"AirlinePassengersExample: {name} must be ≥ 1; got {value}.");
}

using Recur.Data;
using Recur.Models;

namespace Recur.Cli.Workflow;

/// <summary>
/// A trained forecasting model with its recipe: loads series the way the model was trained, runs one-step-ahead
/// forecasts over every window and closed-loop forecasts from the end of a series, always in the original units
/// (each forecast is the last observed value plus the predicted changes).
/// </summary>
internal sealed class Forecaster
{
    private readonly ColumnScaler _inputScaler;
    private readonly ColumnScaler _outputScaler;

    /// <summary>Wraps a model trained by <c>recur train --task forecast</c>.</summary>
    public Forecaster(Model model, DataRecipe recipe)
    {
        Model = model;
        Recipe = recipe;
        _inputScaler = ColumnScaler.FromState(recipe.InputScaler);
        _outputScaler = ColumnScaler.FromState(recipe.OutputScaler!);
    }

    /// <summary>The model.</summary>
    public Model Model { get; }

    /// <summary>The recipe.</summary>
    public DataRecipe Recipe { get; }

    /// <summary>L.</summary>
    public int Lookback => Recipe.Lookback;

    /// <summary>H.</summary>
    public int Horizon => Recipe.Horizon;

    /// <summary>K, the targets.</summary>
    public int TargetCount => Recipe.Targets.Count;

    /// <summary>Loads a series file with the recipe's columns.</summary>
    /// <exception cref="DataException">The file is malformed or lacks a column.</exception>
    public static TimeSeriesTable LoadSeries(string path, DataRecipe recipe) => TimeSeriesCsv.Load(path, new TimeSeriesCsvOptions
    {
        TargetColumns = recipe.Targets,
        FeatureColumns = recipe.Features,
        TimeColumn = recipe.TimeColumn,
        DetectTimeColumn = false,
        Missing = recipe.FillPolicy,
    });

    /// <summary>The scaled change table of a series (T − 1 rows; see <see cref="ChangeSeries"/>).</summary>
    public TimeSeriesTable Changes(TimeSeriesTable series) => ChangeSeries.Table(
        series,
        _inputScaler.Transform(ChangeSeries.Differences(ChangeSeries.Extract(series, Recipe.Features))),
        _outputScaler.Transform(ChangeSeries.Differences(ChangeSeries.Extract(series, Recipe.Targets))),
        Recipe.Features,
        Recipe.Targets);

    /// <summary>
    /// One-step-ahead forecasts over every window of <paramref name="series"/>: for each original row t ≥ L + 1 (the
    /// first L changes need L + 1 rows), the forecast of row t from rows t − L − 1 … t − 1, with the actual value,
    /// the naive forecast (row t − 1) and the seasonal-naive forecast (row t − season, NaN when before the start).
    /// </summary>
    /// <exception cref="DataException">The series has fewer than L + 2 rows.</exception>
    public OneStepForecasts OneStep(TimeSeriesTable series)
    {
        TimeSeriesTable changes = Changes(series);
        ForecastWindows windows = Windowing.Create(changes, Lookback, 1);
        float[][] predicted = PredictChanges(windows.Inputs, windows.Count);
        float[,] levels = ChangeSeries.Extract(series, Recipe.Targets);
        int n = windows.Count, k = TargetCount, season = Math.Max(1, Recipe.Season);
        var rows = new int[n];
        var actual = new double[n, k];
        var forecast = new double[n, k];
        var naive = new double[n, k];
        var seasonal = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            int t = windows.Starts[i] + Lookback + 1;
            rows[i] = t;
            for (int j = 0; j < k; j++)
            {
                actual[i, j] = levels[t, j];
                naive[i, j] = levels[t - 1, j];
                forecast[i, j] = levels[t - 1, j] + predicted[i][j];
                seasonal[i, j] = t - season >= 0 ? levels[t - season, j] : double.NaN;
            }
        }

        return new OneStepForecasts(rows, actual, forecast, naive, seasonal, season);
    }

    /// <summary>
    /// The H-step forecasts of every window of <paramref name="series"/>, including the last one (which forecasts past
    /// the end): for window i, the forecasts of rows Origins[i] + 1 … Origins[i] + H, where Origins[i] is its last
    /// observed row.
    /// </summary>
    public (int[] Origins, double[][,] Forecasts) AllWindows(TimeSeriesTable series)
    {
        TimeSeriesTable changes = Changes(series);
        int f = Recipe.Features.Count;
        int rows = changes.RowCount;
        if (rows < Lookback)
        {
            throw new DataException(series.SourcePath ?? "(data)", null, null, null,
                $"too few rows: {series.RowCount} rows, but lookback {Lookback} needs at least {Lookback + 1}.");
        }

        int n = rows - Lookback + 1;
        var inputs = new float[n * Lookback * f];
        for (int i = 0; i < n; i++)
        {
            for (int l = 0; l < Lookback; l++)
            {
                for (int j = 0; j < f; j++)
                {
                    inputs[(((i * Lookback) + l) * f) + j] = changes.Values[i + l, j];
                }
            }
        }

        float[][] predicted = PredictChanges(Tensor.FromArray(inputs, n, Lookback, f), n);
        float[,] levels = ChangeSeries.Extract(series, Recipe.Targets);
        var origins = new int[n];
        var forecasts = new double[n][,];
        for (int i = 0; i < n; i++)
        {
            int origin = i + Lookback;
            origins[i] = origin;
            forecasts[i] = Accumulate(predicted[i], levels, origin);
        }

        return (origins, forecasts);
    }

    /// <summary>
    /// Closed-loop forecast of <paramref name="steps"/> rows after the end of <paramref name="series"/>, H rows per model
    /// call: each call's forecasts are appended to the history (features that are not targets keep their last value)
    /// and the next call reads them.
    /// </summary>
    /// <returns>(steps, K) forecasts in the original units.</returns>
    public double[,] Future(TimeSeriesTable series, int steps)
    {
        TimeSeriesTable changes = Changes(series);
        int f = Recipe.Features.Count, k = TargetCount;
        if (changes.RowCount < Lookback)
        {
            throw new DataException(series.SourcePath ?? "(data)", null, null, null,
                $"too few rows: {series.RowCount} rows, but lookback {Lookback} needs at least {Lookback + 1}.");
        }

        var history = new List<float[]>();
        for (int t = changes.RowCount - Lookback; t < changes.RowCount; t++)
        {
            var row = new float[f];
            for (int j = 0; j < f; j++)
            {
                row[j] = changes.Values[t, j];
            }

            history.Add(row);
        }

        float[,] levels = ChangeSeries.Extract(series, Recipe.Targets);
        var last = new double[k];
        for (int j = 0; j < k; j++)
        {
            last[j] = levels[levels.GetLength(0) - 1, j];
        }

        var result = new double[steps, k];
        int done = 0;
        while (done < steps)
        {
            var input = new float[Lookback * f];
            for (int l = 0; l < Lookback; l++)
            {
                history[history.Count - Lookback + l].CopyTo(input, l * f);
            }

            float[] delta = PredictChanges(Tensor.FromArray(input, 1, Lookback, f), 1)[0];
            for (int h = 0; h < Horizon && done < steps; h++, done++)
            {
                var raw = new float[1, f];
                for (int j = 0; j < k; j++)
                {
                    last[j] += delta[(h * k) + j];
                    result[done, j] = last[j];
                    int feature = IndexOf(Recipe.Features, Recipe.Targets[j]);
                    if (feature >= 0)
                    {
                        raw[0, feature] = delta[(h * k) + j];
                    }
                }

                float[,] scaled = _inputScaler.Transform(raw);
                history.Add(Enumerable.Range(0, f).Select(j => scaled[0, j]).ToArray());
            }
        }

        return result;
    }

    /// <summary>Runs the model on (N, L, F) scaled changes; per window, H·K predicted changes in the original units (h-major).</summary>
    private float[][] PredictChanges(Tensor inputs, int n)
    {
        int l = inputs.Shape[1], f = inputs.Shape[2];
        float[] data = inputs.ToArray();
        var sequences = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            sequences[i] = Tensor.FromArray(data.AsSpan(i * l * f, l * f).ToArray(), l, f);
        }

        IReadOnlyList<Tensor> outputs = Model.Predict(sequences);
        int k = TargetCount;
        var result = new float[n][];
        for (int i = 0; i < n; i++)
        {
            float[] o = outputs[i].ToArray();
            if (o.Length != Horizon * k)
            {
                throw new Recur.IO.ModelFileException("(model)", $"the model outputs {o.Length} values per window; its recipe says horizon {Horizon} × {k} targets.");
            }

            var z = new float[Horizon, k];
            for (int h = 0; h < Horizon; h++)
            {
                for (int j = 0; j < k; j++)
                {
                    z[h, j] = o[(h * k) + j];
                }
            }

            float[,] raw = _outputScaler.InverseTransform(z);
            result[i] = new float[Horizon * k];
            for (int h = 0; h < Horizon; h++)
            {
                for (int j = 0; j < k; j++)
                {
                    result[i][(h * k) + j] = raw[h, j];
                }
            }
        }

        return result;
    }

    /// <summary>(H, K) levels: the last observed value at <paramref name="origin"/> plus the running sum of the changes.</summary>
    private double[,] Accumulate(float[] changes, float[,] levels, int origin)
    {
        int k = TargetCount;
        var result = new double[Horizon, k];
        for (int j = 0; j < k; j++)
        {
            double level = levels[origin, j];
            for (int h = 0; h < Horizon; h++)
            {
                level += changes[(h * k) + j];
                result[h, j] = level;
            }
        }

        return result;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}

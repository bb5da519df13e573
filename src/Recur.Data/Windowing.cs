namespace Recur.Data;

/// <summary>
/// Cuts a <see cref="TimeSeriesTable"/> into forecasting windows: L rows of the feature columns in, the next H rows
/// of the target columns out, a new window every <c>stride</c> rows. Windows are never shuffled across time.
/// </summary>
public static class Windowing
{
    /// <summary>
    /// All windows of the series: window i starts at row i·stride (i = 0 … ⌊(T − L − H) / stride⌋).
    /// </summary>
    /// <param name="series">The series (T rows); scale it first if the model wants scaled inputs.</param>
    /// <param name="lookback">L ≥ 1, the input steps per window.</param>
    /// <param name="horizon">H ≥ 1, the target steps per window.</param>
    /// <param name="stride">Rows between the starts of consecutive windows (≥ 1).</param>
    /// <returns>Inputs (N, L, F) and targets (N, H, K).</returns>
    /// <exception cref="DataException">T &lt; L + H: too few rows for one window.</exception>
    public static ForecastWindows Create(TimeSeriesTable series, int lookback, int horizon, int stride = 1)
    {
        CheckArguments(series, lookback, horizon, stride);
        int rows = series.RowCount;
        if (rows < lookback + horizon)
        {
            throw TooFewRows(series, "the series", 0, rows, lookback + horizon, lookback, horizon);
        }

        return Cut(series, lookback, horizon, stride, 0, rows);
    }

    /// <summary>
    /// The windows of each part of a chronological split. A window belongs to the part that holds all H of its
    /// target rows; its L input rows may reach back into earlier parts (the past is known when forecasting), never
    /// forward. In each part the first window's targets start on the part's first row (row L for the training part)
    /// and the next ones every <paramref name="stride"/> rows; windows whose targets would cross into the next part
    /// are left out, so no target row is in two parts.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="split"/> does not cover the series' T rows.</exception>
    /// <exception cref="DataException">The training part has fewer than L + H rows, or a non-empty validation or test part fewer than H.</exception>
    public static ForecastWindowSplit Create(TimeSeriesTable series, int lookback, int horizon, int stride, ChronologicalSplit split)
    {
        CheckArguments(series, lookback, horizon, stride);
        ArgumentNullException.ThrowIfNull(split);
        if (split.RowCount != series.RowCount)
        {
            throw new ArgumentException(
                $"split must cover the series' {series.RowCount} rows; it covers {split.RowCount} ({split.TrainRows} + {split.ValidationRows} + {split.TestRows}).",
                nameof(split));
        }

        if (split.TrainRows < lookback + horizon)
        {
            throw TooFewRows(series, "the training part", 0, split.TrainRows, lookback + horizon, lookback, horizon);
        }

        if (split.ValidationRows > 0 && split.ValidationRows < horizon)
        {
            throw TooFewRows(series, "the validation part", split.ValidationStart, split.ValidationRows, horizon, lookback, horizon);
        }

        if (split.TestRows > 0 && split.TestRows < horizon)
        {
            throw TooFewRows(series, "the test part", split.TestStart, split.TestRows, horizon, lookback, horizon);
        }

        return new ForecastWindowSplit(
            Cut(series, lookback, horizon, stride, 0, split.TrainRows),
            Cut(series, lookback, horizon, stride, split.ValidationStart, split.ValidationRows),
            Cut(series, lookback, horizon, stride, split.TestStart, split.TestRows),
            split);
    }

    /// <summary>Windows whose targets lie in rows [partStart, partStart + partRows).</summary>
    private static ForecastWindows Cut(TimeSeriesTable series, int lookback, int horizon, int stride, int partStart, int partRows)
    {
        int partEnd = partStart + partRows;
        var starts = new List<int>();
        for (int t = Math.Max(partStart, lookback); t + horizon <= partEnd; t += stride)
        {
            starts.Add(t - lookback);
        }

        int n = starts.Count;
        IReadOnlyList<int> features = series.FeatureIndices;
        IReadOnlyList<int> targets = series.TargetIndices;
        int f = features.Count, k = targets.Count;
        var inputs = new float[n * lookback * f];
        var outputs = new float[n * horizon * k];
        float[,] values = series.Values;
        for (int i = 0; i < n; i++)
        {
            int s = starts[i];
            for (int l = 0; l < lookback; l++)
            {
                int o = (i * lookback + l) * f;
                for (int j = 0; j < f; j++)
                {
                    inputs[o + j] = values[s + l, features[j]];
                }
            }

            for (int h = 0; h < horizon; h++)
            {
                int o = (i * horizon + h) * k;
                for (int j = 0; j < k; j++)
                {
                    outputs[o + j] = values[s + lookback + h, targets[j]];
                }
            }
        }

        return new ForecastWindows(
            Tensor.FromArray(inputs, n, lookback, f), Tensor.FromArray(outputs, n, horizon, k), starts.ToArray(), lookback, horizon);
    }

    private static void CheckArguments(TimeSeriesTable series, int lookback, int horizon, int stride)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (lookback < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lookback), lookback, $"lookback must be at least 1 step; got {lookback}.");
        }

        if (horizon < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"horizon must be at least 1 step; got {horizon}.");
        }

        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride must be at least 1 row; got {stride}.");
        }
    }

    private static DataException TooFewRows(TimeSeriesTable series, string part, int start, int rows, int needed, int lookback, int horizon)
    {
        string lines = rows == 0 ? "no rows" : $"lines {series.Lines[start]}–{series.Lines[start + rows - 1]}";
        int? line = series.RowCount == 0 ? null : series.Lines[Math.Min(series.RowCount - 1, Math.Max(start, start + rows - 1))];
        string need = needed == lookback + horizon
            ? $"lookback {lookback} + horizon {horizon} needs at least {needed}"
            : $"a window needs horizon {horizon} target rows in it";
        return new DataException(series.DisplayPath, line, series.TargetColumns[0], null,
            $"too few rows: {part} has {rows} rows ({lines}) but {need}.");
    }
}

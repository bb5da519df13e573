using Recur.Metrics;

namespace Recur.Cli.Workflow;

/// <summary>
/// One-step-ahead forecasts over the windows of a series: for N target rows, the actual values, the model's forecast
/// and the naive (previous row) and seasonal-naive (row − season; NaN when before the start) baselines, (N, K) each.
/// </summary>
/// <param name="Rows">N original row indices of the forecast rows, increasing.</param>
/// <param name="Actual">(N, K) actual values.</param>
/// <param name="Forecast">(N, K) model forecasts.</param>
/// <param name="Naive">(N, K) naive forecasts.</param>
/// <param name="SeasonalNaive">(N, K) seasonal-naive forecasts (NaN where unavailable).</param>
/// <param name="Season">The season of the seasonal-naive baseline.</param>
internal sealed record OneStepForecasts(int[] Rows, double[,] Actual, double[,] Forecast, double[,] Naive, double[,] SeasonalNaive, int Season)
{
    /// <summary>The metrics over the forecast rows ≥ <paramref name="fromRow"/>.</summary>
    /// <exception cref="InvalidOperationException">No row is left.</exception>
    public ForecastScores Score(int fromRow = 0)
    {
        int[] keep = Enumerable.Range(0, Rows.Length).Where(i => Rows[i] >= fromRow).ToArray();
        if (keep.Length == 0)
        {
            throw new InvalidOperationException("no forecast rows to score.");
        }

        int k = Actual.GetLength(1);
        (double[] a, double[] f, double[] n) = (Flatten(Actual, keep), Flatten(Forecast, keep), Flatten(Naive, keep));
        RegressionReport model = RegressionMetrics.Compute(a, f);
        RegressionReport naive = RegressionMetrics.Compute(a, n);
        double[] s = Flatten(SeasonalNaive, keep);
        int[] available = Enumerable.Range(0, s.Length).Where(i => !double.IsNaN(s[i])).ToArray();
        RegressionReport? seasonal = available.Length == 0 ? null
            : RegressionMetrics.Compute(available.Select(i => a[i]).ToArray(), available.Select(i => s[i]).ToArray());
        return new ForecastScores(model, naive, seasonal, keep.Length, available.Length / k, Season);
    }

    private static double[] Flatten(double[,] values, int[] rows)
    {
        int k = values.GetLength(1);
        var result = new double[rows.Length * k];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < k; j++)
            {
                result[(i * k) + j] = values[rows[i], j];
            }
        }

        return result;
    }
}

/// <summary>Forecast metrics beside the naive baselines.</summary>
/// <param name="Model">The model's one-step-ahead metrics.</param>
/// <param name="Naive">The naive (persistence) forecast's metrics.</param>
/// <param name="SeasonalNaive">The seasonal-naive forecast's metrics over the windows that have a value one season back; null when none has.</param>
/// <param name="Windows">The windows scored.</param>
/// <param name="SeasonalWindows">The windows the seasonal-naive metrics cover.</param>
/// <param name="Season">The season.</param>
internal sealed record ForecastScores(RegressionReport Model, RegressionReport Naive, RegressionReport? SeasonalNaive, int Windows, int SeasonalWindows, int Season)
{
    /// <summary>The metrics by their JSON names (rmse, mae, mape, smape, naive_*, seasonal_naive_*); NaN where undefined.</summary>
    public IReadOnlyList<(string Name, double Value)> Named() =>
    [
        ("rmse", Model.Rmse), ("mae", Model.Mae), ("mape", Model.Mape), ("smape", Model.Smape),
        ("naive_rmse", Naive.Rmse), ("naive_mae", Naive.Mae), ("naive_mape", Naive.Mape), ("naive_smape", Naive.Smape),
        ("seasonal_naive_rmse", SeasonalNaive?.Rmse ?? double.NaN), ("seasonal_naive_mae", SeasonalNaive?.Mae ?? double.NaN),
        ("seasonal_naive_mape", SeasonalNaive?.Mape ?? double.NaN), ("seasonal_naive_smape", SeasonalNaive?.Smape ?? double.NaN),
    ];
}

namespace Recur.Cli.Reporting;

/// <summary>
/// One target series of a forecast chart: N actual values and the model's values aligned with them, plus an
/// optional closed-loop forecast of F steps after the end.
/// </summary>
/// <param name="Name">The target column's name (the chart's title and y-axis label).</param>
/// <param name="Actual">(N) the observed values, in original units; NaN entries are gaps.</param>
public sealed record ForecastSeries(string Name, IReadOnlyList<double> Actual)
{
    /// <summary>
    /// (N) the model's values aligned with <see cref="Actual"/>: NaN where the model made no prediction (e.g. the
    /// first lookback steps). Values before <see cref="ForecastSection.TestStart"/> are drawn as "fitted", values
    /// from it on as "forecast". Null: none.
    /// </summary>
    public IReadOnlyList<double>? Predicted { get; init; }

    /// <summary>(F) a closed-loop forecast for the F steps after the last actual value; null: none.</summary>
    public IReadOnlyList<double>? Future { get; init; }
}

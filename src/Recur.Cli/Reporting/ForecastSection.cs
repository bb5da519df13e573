namespace Recur.Cli.Reporting;

/// <summary>
/// The forecasting part of a report: one chart per target series, all sharing N time steps of which
/// [<see cref="TestStart"/>, N) are the held-out test range.
/// </summary>
/// <param name="Series">The target series (at least one), each with N actual values.</param>
/// <param name="TestStart">The first index of the test range, in [0, N]; N means no test range.</param>
public sealed record ForecastSection(IReadOnlyList<ForecastSeries> Series, int TestStart)
{
    /// <summary>
    /// Labels of the time steps (e.g. dates), N or N + F long (F the longest <see cref="ForecastSeries.Future"/>);
    /// steps without a label show their index. Null: the x axis shows indices.
    /// </summary>
    public IReadOnlyList<string>? TimeLabels { get; init; }

    /// <summary>The x-axis title (default "time step", or "time" with labels).</summary>
    public string? TimeAxisName { get; init; }

    /// <summary>Checks the lengths agree; messages start with <paramref name="prefix"/>, the part's path from the argument <paramref name="paramName"/>.</summary>
    internal void Validate(string paramName, string prefix)
    {
        if (Series is null || Series.Count == 0)
        {
            throw new ArgumentException($"{prefix}.Series must hold at least one series; got {(Series is null ? "null" : "none")}.", paramName);
        }

        int n = -1;
        for (int s = 0; s < Series.Count; s++)
        {
            ForecastSeries series = Series[s] ?? throw new ArgumentException($"{prefix}.Series[{s}] must not be null.", paramName);
            if (series.Name is null || series.Actual is null)
            {
                throw new ArgumentException($"{prefix}.Series[{s}] must have a Name and Actual values; got null.", paramName);
            }

            if (n < 0)
            {
                n = series.Actual.Count;
            }
            else if (series.Actual.Count != n)
            {
                throw new ArgumentException($"{prefix}.Series[{s}].Actual must have the same length as Series[0] ({n}); got {series.Actual.Count}.", paramName);
            }

            if (series.Predicted is not null && series.Predicted.Count != n)
            {
                throw new ArgumentException($"{prefix}.Series[{s}].Predicted must be aligned with Actual ({n} values); got {series.Predicted.Count}.", paramName);
            }
        }

        if (TestStart < 0 || TestStart > n)
        {
            throw new ArgumentException($"{prefix}.TestStart must be an index in [0, {n}] (the series length); got {TestStart}.", paramName);
        }
    }
}

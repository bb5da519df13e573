namespace Recur.Cli.Reporting;

/// <summary>One row of the report's metrics table: the model's value and, optionally, baselines' values beside it.</summary>
/// <param name="Name">The metric's name (e.g. "rmse", "accuracy").</param>
/// <param name="Value">The model's value (NaN shows as a dash).</param>
public sealed record ReportMetric(string Name, double Value)
{
    /// <summary>Baselines' values of this metric, each shown in the column named after the baseline (empty: none).</summary>
    public IReadOnlyList<ReportBaseline> Baselines { get; init; } = [];
}

namespace Recur.Cli.Reporting;

/// <summary>A baseline's value of a metric, shown beside the model's (e.g. "naive" = 23.1 beside rmse).</summary>
/// <param name="Name">The baseline's name; it becomes a column of the metrics table.</param>
/// <param name="Value">The baseline's value of the metric (NaN shows as a dash).</param>
public sealed record ReportBaseline(string Name, double Value);

namespace Recur.Cli.Reporting;

/// <summary>
/// Everything an HTML report shows (see <see cref="HtmlReport"/>). Every part but the title is optional; a part that
/// is null or empty is left out.
/// </summary>
/// <param name="Title">The report's title (the page title and the heading).</param>
public sealed record ReportData(string Title)
{
    /// <summary>A line under the title (e.g. the data file and the task); null: none.</summary>
    public string? Subtitle { get; init; }

    /// <summary>Summary lines shown as a list under the title (e.g. "Training: 112 windows").</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];

    /// <summary>The metrics table, one row per metric, in this order.</summary>
    public IReadOnlyList<ReportMetric> Metrics { get; init; } = [];

    /// <summary>A preformatted description of the model (architecture, parameter count); null: none.</summary>
    public string? ModelSummary { get; init; }

    /// <summary>The per-epoch training history for the learning curves; null: none.</summary>
    public TrainingHistory? History { get; init; }

    /// <summary>The forecast charts (forecasting task); null: none.</summary>
    public ForecastSection? Forecast { get; init; }

    /// <summary>The confusion matrix and per-class table (classification task); null: none.</summary>
    public ClassificationSection? Classification { get; init; }

    /// <summary>Checks every part; messages name <paramref name="paramName"/> and the part.</summary>
    internal void Validate(string paramName)
    {
        if (Title is null)
        {
            throw new ArgumentException($"{paramName}.Title must not be null.", paramName);
        }

        if (Summary is null || Metrics is null)
        {
            throw new ArgumentException($"{paramName}.Summary and {paramName}.Metrics must not be null (use an empty list).", paramName);
        }

        for (int i = 0; i < Metrics.Count; i++)
        {
            ReportMetric m = Metrics[i];
            if (m is null || m.Name is null || m.Baselines is null || m.Baselines.Any(b => b is null || b.Name is null))
            {
                throw new ArgumentException($"{paramName}.Metrics[{i}] must have a name and non-null baselines with names.", paramName);
            }
        }

        History?.Validate(paramName, paramName + ".History");
        Forecast?.Validate(paramName, paramName + ".Forecast");
        Classification?.Validate(paramName, paramName + ".Classification");
    }
}

namespace Recur.Data;

/// <summary>How <see cref="TimeSeriesCsv.Load"/> reads a wide time-series CSV (one row per time step).</summary>
public sealed record TimeSeriesCsvOptions
{
    /// <summary>
    /// The column(s) to forecast (required, at least one). Each must be numeric. Target columns are always loaded;
    /// with the default feature selection they are also features (the model sees the past of the series it forecasts:
    /// autoregressive forecasting).
    /// </summary>
    public required IReadOnlyList<string> TargetColumns { get; init; }

    /// <summary>
    /// The input columns, in the order the model sees them. Null (the default): every numeric column except the time
    /// column, in file order, the target columns included. When given, exactly these columns are features; a target
    /// is then a feature only if it is listed.
    /// </summary>
    public IReadOnlyList<string>? FeatureColumns { get; init; }

    /// <summary>
    /// The time column (dates, months, timestamps: kept as text, never a feature). Null: see <see cref="DetectTimeColumn"/>.
    /// </summary>
    public string? TimeColumn { get; init; }

    /// <summary>
    /// When <see cref="TimeColumn"/> is null and this is true (the default), the first column is taken as the time
    /// column if it is not numeric (for example ISO dates) and not named as a target or feature.
    /// </summary>
    public bool DetectTimeColumn { get; init; } = true;

    /// <summary>What to do with empty cells in the loaded columns (default: <see cref="MissingValuePolicy.Error"/>).</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Error;

    /// <summary>The cell delimiter, an ASCII character (default ',').</summary>
    public char Delimiter { get; init; } = ',';
}

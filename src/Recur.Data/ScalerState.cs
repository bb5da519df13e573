using System.Text.Json.Serialization;

namespace Recur.Data;

/// <summary>
/// The fitted statistics of a <see cref="ColumnScaler"/>, as stored in a model file's metadata (System.Text.Json):
/// <c>{"kind":"zscore","columns":[…],"mean":[…],"std":[…],"fit_rows":N}</c> or
/// <c>{"kind":"minmax","columns":[…],"min":[…],"max":[…],"fit_rows":N}</c>; one entry per column.
/// </summary>
public sealed record ScalerState
{
    /// <summary>"zscore" (<see cref="ZScoreScaler"/>) or "minmax" (<see cref="MinMaxScaler"/>).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The C column names, in order.</summary>
    [JsonPropertyName("columns")]
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>C means (z-score only).</summary>
    [JsonPropertyName("mean")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Mean { get; init; }

    /// <summary>C population standard deviations (z-score only; 0 for a constant column).</summary>
    [JsonPropertyName("std")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Std { get; init; }

    /// <summary>C minima (min-max only).</summary>
    [JsonPropertyName("min")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Min { get; init; }

    /// <summary>C maxima (min-max only).</summary>
    [JsonPropertyName("max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Max { get; init; }

    /// <summary>How many rows the statistics were computed from (the training rows).</summary>
    [JsonPropertyName("fit_rows")]
    public long FitRows { get; init; }
}

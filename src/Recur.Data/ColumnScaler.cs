using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Data;

/// <summary>
/// A per-column affine scaling x' = (x − offset[c]) / scale[c], fitted on the training data only and applied to
/// everything (train, validation, test, new data). The two kinds are <see cref="ZScoreScaler"/> and
/// <see cref="MinMaxScaler"/>; the fitted state round-trips through JSON (<see cref="ToJson"/>, <see cref="FromJson(string)"/>).
/// A column with no spread (constant in the training data) gets scale 1, so it is shifted but never divided by 0.
/// </summary>
public abstract class ColumnScaler
{
    private double[]? _offset;
    private double[]? _scale;
    private double[]? _divisor;

    private protected ColumnScaler(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("a scaler needs at least one column; got none.", nameof(columns));
        }

        Columns = columns.ToArray();
    }

    /// <summary>The C column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>C, the number of columns.</summary>
    public int ColumnCount => Columns.Count;

    /// <summary>True once fitted (or restored from a state).</summary>
    public bool IsFitted => _offset is not null;

    /// <summary>How many rows the statistics came from.</summary>
    public long FitRows { get; private set; }

    /// <summary>"zscore" or "minmax".</summary>
    public abstract string Kind { get; }

    /// <summary>Fits on the first <paramref name="rowCount"/> rows of <paramref name="values"/> (T, C), e.g. the training part of a chronological split.</summary>
    /// <exception cref="ArgumentException">The column count differs from C, rowCount is outside [1, T], or a value is not finite.</exception>
    public void Fit(float[,] values, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckColumns(values.GetLength(1), nameof(values));
        if (rowCount < 1 || rowCount > values.GetLength(0))
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), rowCount,
                $"rowCount must be in [1, {values.GetLength(0)}] (the rows of values); got {rowCount}.");
        }

        Fit([values], [rowCount]);
    }

    /// <summary>Fits on all rows of the given (T_i, C) blocks, e.g. the training sequences of a classification set.</summary>
    /// <exception cref="ArgumentException">A block's column count differs from C, there are no rows, or a value is not finite.</exception>
    public void Fit(IEnumerable<float[,]> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        float[][,] all = blocks.ToArray();
        foreach (var block in all)
        {
            ArgumentNullException.ThrowIfNull(block, nameof(blocks));
            CheckColumns(block.GetLength(1), nameof(blocks));
        }

        Fit(all, all.Select(b => b.GetLength(0)).ToArray());
    }

    /// <summary>Fits on the training rows of <paramref name="table"/> (its first <paramref name="trainRows"/> rows); the scaler's columns must be the table's columns.</summary>
    public void Fit(TimeSeriesTable table, int trainRows)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckNames(table.ColumnNames, nameof(table));
        Fit(table.Values, trainRows);
    }

    /// <summary>(T, C) scaled values (a new array).</summary>
    public float[,] Transform(float[,] values) => Apply(values, inverse: false);

    /// <summary>(T, C) values back in the original units (a new array).</summary>
    public float[,] InverseTransform(float[,] values) => Apply(values, inverse: true);

    /// <summary>A tensor (…, C) scaled along its last axis (a new tensor).</summary>
    public Tensor Transform(Tensor values) => Apply(values, inverse: false);

    /// <summary>A tensor (…, C) back in the original units along its last axis (a new tensor), e.g. forecasts (N, H, K) with a scaler of the K target columns.</summary>
    public Tensor InverseTransform(Tensor values) => Apply(values, inverse: true);

    /// <summary>The table with its values scaled; the scaler's columns must be the table's columns.</summary>
    public TimeSeriesTable Transform(TimeSeriesTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckNames(table.ColumnNames, nameof(table));
        return table.WithValues(Transform(table.Values));
    }

    /// <summary>The table with every sequence scaled; the scaler's columns must be the table's feature columns.</summary>
    public SequenceTable Transform(SequenceTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckNames(table.FeatureColumns, nameof(table));
        return table.WithSequences(table.Sequences.Select(Transform).ToArray());
    }

    /// <summary>A fitted scaler of the same kind over the given columns (by index), e.g. the target columns for inverse-transforming forecasts.</summary>
    public ColumnScaler Select(IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        RequireFitted();
        foreach (int c in columns)
        {
            if (c < 0 || c >= ColumnCount)
            {
                throw new ArgumentOutOfRangeException(nameof(columns), c, $"column indices must be in [0, {ColumnCount}); got {c}.");
            }
        }

        ColumnScaler selected = Create(Kind, columns.Select(c => Columns[c]).ToArray());
        selected.Restore(columns.Select(c => _offset![c]).ToArray(), columns.Select(c => _scale![c]).ToArray(), FitRows);
        return selected;
    }

    /// <summary>A fitted scaler of the same kind over the named columns.</summary>
    public ColumnScaler Select(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return Select(columns.Select(name =>
        {
            for (int c = 0; c < ColumnCount; c++)
            {
                if (Columns[c] == name)
                {
                    return c;
                }
            }

            throw new ArgumentException($"the scaler has no column '{name}'; its columns are {string.Join(", ", Columns)}.", nameof(columns));
        }).ToArray());
    }

    /// <summary>The fitted state (for a model file).</summary>
    public ScalerState GetState()
    {
        RequireFitted();
        return StateFrom(_offset!, _scale!) with { FitRows = FitRows };
    }

    /// <summary>The state as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(GetState());

    /// <summary>The state as a JSON node (for <c>ModelMetadata.Extra</c>).</summary>
    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(GetState())!;

    /// <summary>A fitted scaler from its state.</summary>
    /// <exception cref="ArgumentException">The state's kind is unknown, or its arrays are missing, of the wrong length or not finite.</exception>
    public static ColumnScaler FromState(ScalerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Columns is null || state.Columns.Count == 0)
        {
            throw new ArgumentException("scaler state must list at least one column; got none.", nameof(state));
        }

        ColumnScaler scaler = Create(state.Kind, state.Columns);
        (double[] offset, double[] scale) = scaler.ReadState(state);
        scaler.Restore(offset, scale, state.FitRows);
        return scaler;
    }

    /// <summary>A fitted scaler from JSON text written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException">The text is not a valid scaler state.</exception>
    public static ColumnScaler FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ScalerState? state;
        try
        {
            state = JsonSerializer.Deserialize<ScalerState>(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"scaler state must be a JSON object with kind, columns and statistics: {e.Message}", nameof(json), e);
        }

        return FromState(state ?? throw new ArgumentException("scaler state must be a JSON object; got null.", nameof(json)));
    }

    /// <summary>A fitted scaler from a JSON node written by <see cref="ToJsonNode"/>.</summary>
    public static ColumnScaler FromJson(JsonNode json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromJson(json.ToJsonString());
    }

    /// <summary>(offset, spread) of a column from its accumulated statistics; a spread of 0 divides by 1.</summary>
    private protected abstract (double Offset, double Scale) Statistics(in ColumnStatistics column);

    /// <summary>The state of this kind for the given offsets and scales.</summary>
    private protected abstract ScalerState StateFrom(double[] offset, double[] scale);

    /// <summary>Offsets and scales from a state of this kind (arrays checked).</summary>
    private protected abstract (double[] Offset, double[] Scale) ReadState(ScalerState state);

    /// <summary>A state array checked to have C finite values.</summary>
    private protected double[] StateArray(IReadOnlyList<double>? values, string name)
    {
        if (values is null || values.Count != ColumnCount)
        {
            throw new ArgumentException(
                $"{Kind} scaler state must have '{name}' with {ColumnCount} values (one per column); got {values?.Count.ToString() ?? "none"}.", "state");
        }

        double[] array = values.ToArray();
        if (array.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"{Kind} scaler state '{name}' must hold finite values.", "state");
        }

        return array;
    }

    /// <summary>Running statistics of one column (Welford's mean and variance, minimum, maximum).</summary>
    private protected struct ColumnStatistics
    {
        public long Count;
        public double Mean;
        public double M2;
        public double Min;
        public double Max;

        public void Add(double x)
        {
            if (Count == 0)
            {
                Min = Max = x;
            }

            Count++;
            double delta = x - Mean;
            Mean += delta / Count;
            M2 += delta * (x - Mean);
            Min = Math.Min(Min, x);
            Max = Math.Max(Max, x);
        }

        public readonly double PopulationStd => Count > 0 ? Math.Sqrt(M2 / Count) : 0;
    }

    private static ColumnScaler Create(string kind, IReadOnlyList<string> columns) => kind switch
    {
        ZScoreScaler.KindName => new ZScoreScaler(columns),
        MinMaxScaler.KindName => new MinMaxScaler(columns),
        _ => throw new ArgumentException($"scaler kind must be '{ZScoreScaler.KindName}' or '{MinMaxScaler.KindName}'; got '{kind}'.", nameof(kind)),
    };

    private void Fit(float[][,] blocks, int[] rowCounts)
    {
        var stats = new ColumnStatistics[ColumnCount];
        long rows = 0;
        for (int b = 0; b < blocks.Length; b++)
        {
            float[,] block = blocks[b];
            for (int t = 0; t < rowCounts[b]; t++)
            {
                for (int c = 0; c < ColumnCount; c++)
                {
                    float x = block[t, c];
                    if (!float.IsFinite(x))
                    {
                        throw new ArgumentException($"values to fit must be finite; column '{Columns[c]}' row {t} holds {x}.", "values");
                    }

                    stats[c].Add(x);
                }
            }

            rows += rowCounts[b];
        }

        if (rows == 0)
        {
            throw new ArgumentException("a scaler must be fitted on at least one row; got none.", "values");
        }

        var offset = new double[ColumnCount];
        var scale = new double[ColumnCount];
        for (int c = 0; c < ColumnCount; c++)
        {
            (offset[c], scale[c]) = Statistics(stats[c]);
        }

        Restore(offset, scale, rows);
    }

    private void Restore(double[] offset, double[] scale, long rows)
    {
        _offset = offset;
        _scale = scale;
        _divisor = scale.Select(v => v > 0 ? v : 1).ToArray();
        FitRows = rows;
    }

    private float[,] Apply(float[,] values, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(values);
        RequireFitted();
        CheckColumns(values.GetLength(1), nameof(values));
        int rows = values.GetLength(0);
        var result = new float[rows, ColumnCount];
        for (int t = 0; t < rows; t++)
        {
            for (int c = 0; c < ColumnCount; c++)
            {
                result[t, c] = Map(values[t, c], c, inverse);
            }
        }

        return result;
    }

    private Tensor Apply(Tensor values, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(values);
        RequireFitted();
        int[] shape = values.Shape;
        if (shape.Length == 0 || shape[^1] != ColumnCount)
        {
            throw new ArgumentException(
                $"values must have the scaler's {ColumnCount} columns on the last axis; got shape {Tensor.FormatShape(shape)}.", nameof(values));
        }

        float[] data = values.ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = Map(data[i], i % ColumnCount, inverse);
        }

        return Tensor.FromArray(data, shape);
    }

    private float Map(float x, int c, bool inverse) =>
        inverse ? (float)(x * _divisor![c] + _offset![c]) : (float)((x - _offset![c]) / _divisor![c]);

    private void RequireFitted()
    {
        if (!IsFitted)
        {
            throw new InvalidOperationException($"the {Kind} scaler must be fitted (Fit or FromState) before it is used.");
        }
    }

    private void CheckColumns(int columns, string paramName)
    {
        if (columns != ColumnCount)
        {
            throw new ArgumentException($"values must have the scaler's {ColumnCount} columns; got {columns}.", paramName);
        }
    }

    private void CheckNames(IReadOnlyList<string> names, string paramName)
    {
        if (!names.SequenceEqual(Columns))
        {
            throw new ArgumentException(
                $"the table's columns must be the scaler's columns ({string.Join(", ", Columns)}); got {string.Join(", ", names)}.", paramName);
        }
    }
}

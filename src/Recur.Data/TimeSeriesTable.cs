namespace Recur.Data;

/// <summary>
/// A multivariate time series: T rows (time steps, oldest first) of C numeric columns, with the roles of the columns
/// (targets, features), the time column's text when there is one, and each row's line in the source file.
/// </summary>
public sealed class TimeSeriesTable
{
    /// <summary>Creates a table; the arrays are used as given (not copied).</summary>
    /// <param name="columnNames">The C column names, in the order of <paramref name="values"/>' columns.</param>
    /// <param name="values">(T, C) values, finite.</param>
    /// <param name="targetColumns">The forecast targets (K ≥ 1 names from <paramref name="columnNames"/>).</param>
    /// <param name="featureColumns">The model inputs (F ≥ 1 names from <paramref name="columnNames"/>).</param>
    /// <param name="timeColumn">The time column's name, or null.</param>
    /// <param name="timeValues">T time values (text), or null when there is no time column.</param>
    /// <param name="lines">T 1-based source lines, or null for 2 … T+1 (a header then one line per row).</param>
    /// <param name="sourcePath">The file the table came from, or null for data built in memory.</param>
    /// <param name="filledCount">How many missing cells were filled while loading.</param>
    public TimeSeriesTable(
        IReadOnlyList<string> columnNames,
        float[,] values,
        IReadOnlyList<string> targetColumns,
        IReadOnlyList<string> featureColumns,
        string? timeColumn = null,
        IReadOnlyList<string>? timeValues = null,
        IReadOnlyList<int>? lines = null,
        string? sourcePath = null,
        int filledCount = 0)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(targetColumns);
        ArgumentNullException.ThrowIfNull(featureColumns);
        if (values.GetLength(1) != columnNames.Count)
        {
            throw new ArgumentException(
                $"values must have one column per name: expected {columnNames.Count} columns, got {values.GetLength(1)}.", nameof(values));
        }

        int rows = values.GetLength(0);
        if (timeValues is not null && timeValues.Count != rows)
        {
            throw new ArgumentException($"timeValues must have one value per row: expected {rows}, got {timeValues.Count}.", nameof(timeValues));
        }

        if (lines is not null && lines.Count != rows)
        {
            throw new ArgumentException($"lines must have one line per row: expected {rows}, got {lines.Count}.", nameof(lines));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(filledCount);
        ColumnNames = columnNames.ToArray();
        Values = values;
        TargetColumns = targetColumns.ToArray();
        FeatureColumns = featureColumns.ToArray();
        TargetIndices = Indices(TargetColumns, nameof(targetColumns));
        FeatureIndices = Indices(FeatureColumns, nameof(featureColumns));
        TimeColumn = timeColumn;
        TimeValues = timeValues?.ToArray();
        Lines = lines?.ToArray() ?? Enumerable.Range(2, rows).ToArray();
        SourcePath = sourcePath;
        FilledCount = filledCount;
    }

    /// <summary>The file the table came from, or null for data built in memory.</summary>
    public string? SourcePath { get; }

    /// <summary>The C loaded column names, in file order (the columns of <see cref="Values"/>).</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>(T, C) values: row t is time step t (oldest first), column c is <see cref="ColumnNames"/>[c]. The table's own storage.</summary>
    public float[,] Values { get; }

    /// <summary>The K target columns, in the order requested.</summary>
    public IReadOnlyList<string> TargetColumns { get; }

    /// <summary>The K indices of the targets in <see cref="ColumnNames"/>.</summary>
    public IReadOnlyList<int> TargetIndices { get; }

    /// <summary>The F feature (input) columns, in the order the model sees them.</summary>
    public IReadOnlyList<string> FeatureColumns { get; }

    /// <summary>The F indices of the features in <see cref="ColumnNames"/>.</summary>
    public IReadOnlyList<int> FeatureIndices { get; }

    /// <summary>The time column's name, or null when the file has none.</summary>
    public string? TimeColumn { get; }

    /// <summary>T time values as written in the file, or null when there is no time column.</summary>
    public IReadOnlyList<string>? TimeValues { get; }

    /// <summary>T 1-based lines of the rows in the source file.</summary>
    public IReadOnlyList<int> Lines { get; }

    /// <summary>How many missing cells were filled while loading (0 with <see cref="MissingValuePolicy.Error"/>).</summary>
    public int FilledCount { get; }

    /// <summary>T, the number of time steps.</summary>
    public int RowCount => Values.GetLength(0);

    /// <summary>C, the number of loaded columns.</summary>
    public int ColumnCount => Values.GetLength(1);

    /// <summary>The file name for messages: <see cref="SourcePath"/> or "(in memory)".</summary>
    internal string DisplayPath => SourcePath ?? "(in memory)";

    /// <summary>A copy of the column called <paramref name="name"/> (T values).</summary>
    /// <exception cref="ArgumentException">No loaded column has that name.</exception>
    public float[] Column(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int c = IndexOf(name, nameof(name));
        var column = new float[RowCount];
        for (int t = 0; t < column.Length; t++)
        {
            column[t] = Values[t, c];
        }

        return column;
    }

    /// <summary>The same table (names, roles, time values, lines) with other (T, C) values, e.g. scaled ones.</summary>
    public TimeSeriesTable WithValues(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) != RowCount || values.GetLength(1) != ColumnCount)
        {
            throw new ArgumentException(
                $"values must have the table's shape ({RowCount}, {ColumnCount}); got ({values.GetLength(0)}, {values.GetLength(1)}).", nameof(values));
        }

        return new TimeSeriesTable(ColumnNames, values, TargetColumns, FeatureColumns, TimeColumn, TimeValues, Lines, SourcePath, FilledCount);
    }

    /// <summary>Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as a new table (values copied).</summary>
    public TimeSeriesTable Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count),
                $"Slice: rows [{start}, {start + count}) must lie within the table's {RowCount} rows.");
        }

        var values = new float[count, ColumnCount];
        for (int t = 0; t < count; t++)
        {
            for (int c = 0; c < ColumnCount; c++)
            {
                values[t, c] = Values[start + t, c];
            }
        }

        return new TimeSeriesTable(ColumnNames, values, TargetColumns, FeatureColumns, TimeColumn,
            TimeValues?.Skip(start).Take(count).ToArray(), Lines.Skip(start).Take(count).ToArray(), SourcePath, 0);
    }

    private int IndexOf(string name, string paramName)
    {
        for (int c = 0; c < ColumnNames.Count; c++)
        {
            if (ColumnNames[c] == name)
            {
                return c;
            }
        }

        throw new ArgumentException($"no loaded column is called '{name}'; the columns are {string.Join(", ", ColumnNames)}.", paramName);
    }

    private int[] Indices(IReadOnlyList<string> names, string paramName)
    {
        if (names.Count == 0)
        {
            throw new ArgumentException("at least one column is required; got none.", paramName);
        }

        return names.Select(n => IndexOf(n, paramName)).ToArray();
    }
}

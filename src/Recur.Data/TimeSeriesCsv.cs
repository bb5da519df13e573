namespace Recur.Data;

/// <summary>
/// Loads a wide time-series CSV: a header row, then one row per time step (oldest first), numeric columns and an
/// optional time column. Every problem with the file is a <see cref="DataException"/> naming the file, line and column.
/// </summary>
public static class TimeSeriesCsv
{
    /// <summary>
    /// Reads <paramref name="path"/> into a <see cref="TimeSeriesTable"/> of T rows and C = |features ∪ targets|
    /// columns (in file order). Text columns that are not selected are ignored; a selected column must be numeric
    /// (a non-numeric cell, NaN or infinity is an error); empty cells follow <see cref="TimeSeriesCsvOptions.Missing"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no target or name a column twice.</exception>
    /// <exception cref="DataException">The file is missing, malformed or does not have the columns asked for.</exception>
    public static TimeSeriesTable Load(string path, TimeSeriesCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var doc = CsvDocument.Read(path, options.Delimiter);

        int[] targets = options.TargetColumns.Select(n => doc.ColumnIndex(n, "target")).ToArray();
        int[]? explicitFeatures = options.FeatureColumns?.Select(n => doc.ColumnIndex(n, "feature")).ToArray();

        int time = -1;
        if (options.TimeColumn is not null)
        {
            time = doc.ColumnIndex(options.TimeColumn, "time");
        }
        else if (options.DetectTimeColumn && !targets.Contains(0) && !(explicitFeatures?.Contains(0) ?? false)
            && !NumericCells.IsNumericColumn(doc, 0))
        {
            time = 0;
        }

        if (time >= 0 && (targets.Contains(time) || (explicitFeatures?.Contains(time) ?? false)))
        {
            throw new DataException(doc.Path, CsvDocument.HeaderLine, doc.Header[time], time + 1,
                $"column '{doc.Header[time]}' is the time column; it cannot also be a target or a feature.");
        }

        int[] features = explicitFeatures ?? Enumerable.Range(0, doc.Header.Length)
            .Where(c => c != time && (targets.Contains(c) || NumericCells.IsNumericColumn(doc, c)))
            .ToArray();
        if (features.Length == 0)
        {
            throw new DataException(doc.Path, CsvDocument.HeaderLine, null, null,
                $"no numeric feature column; the columns are {doc.ColumnList()}.");
        }

        int[] loaded = features.Concat(targets).Distinct().Order().ToArray();
        int rows = doc.Rows.Count;
        int[] lines = doc.Rows.Select(r => r.Line).ToArray();
        var values = new float[rows, loaded.Length];
        var column = new float[rows];
        int filled = 0;
        for (int j = 0; j < loaded.Length; j++)
        {
            int c = loaded[j];
            for (int t = 0; t < rows; t++)
            {
                column[t] = NumericCells.Parse(doc, doc.Rows[t], c);
            }

            filled += NumericCells.Fill(column, options.Missing, doc, lines, c, "");
            for (int t = 0; t < rows; t++)
            {
                values[t, j] = column[t];
            }
        }

        string[] names = loaded.Select(c => doc.Header[c]).ToArray();
        return new TimeSeriesTable(
            names,
            values,
            targets.Select(c => doc.Header[c]).ToArray(),
            features.Select(c => doc.Header[c]).ToArray(),
            time >= 0 ? doc.Header[time] : null,
            time >= 0 ? doc.Rows.Select(r => r.Cells[time]).ToArray() : null,
            lines,
            doc.Path,
            filled);
    }

    private static void CheckOptions(TimeSeriesCsvOptions options)
    {
        if (options.TargetColumns is null || options.TargetColumns.Count == 0)
        {
            throw new ArgumentException("TargetColumns must name at least one column to forecast; got none.", nameof(options));
        }

        CheckNames(options.TargetColumns, "TargetColumns");
        if (options.FeatureColumns is not null)
        {
            if (options.FeatureColumns.Count == 0)
            {
                throw new ArgumentException("FeatureColumns must be null (all numeric columns) or name at least one column; got an empty list.", nameof(options));
            }

            CheckNames(options.FeatureColumns, "FeatureColumns");
        }
    }

    internal static void CheckNames(IReadOnlyList<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"{what} must hold column names; got an empty name.", "options");
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"{what} must name each column once; '{name}' appears twice.", "options");
            }
        }
    }
}

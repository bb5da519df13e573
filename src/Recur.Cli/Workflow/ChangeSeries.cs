using Recur.Data;

namespace Recur.Cli.Workflow;

/// <summary>
/// The forecasting representation: a series of T rows becomes T − 1 rows of step-to-step changes (row r is the change
/// from row r to row r + 1 of the original series), of the feature columns (model inputs) and of the target columns
/// (model outputs). <see cref="Table"/> puts both in one <see cref="TimeSeriesTable"/> (features first, then targets;
/// a target that is also a feature appears twice, the second time named "name (target)"), so the library's
/// <see cref="Windowing"/> cuts the windows and its messages name the original lines.
/// </summary>
internal static class ChangeSeries
{
    /// <summary>The named columns of <paramref name="table"/>, in that order: (T, n).</summary>
    public static float[,] Extract(TimeSeriesTable table, IReadOnlyList<string> names)
    {
        var result = new float[table.RowCount, names.Count];
        for (int j = 0; j < names.Count; j++)
        {
            float[] column = table.Column(names[j]);
            for (int t = 0; t < column.Length; t++)
            {
                result[t, j] = column[t];
            }
        }

        return result;
    }

    /// <summary>Row-to-row changes: (T, n) → (T − 1, n).</summary>
    public static float[,] Differences(float[,] values)
    {
        int rows = values.GetLength(0), n = values.GetLength(1);
        var result = new float[Math.Max(0, rows - 1), n];
        for (int t = 1; t < rows; t++)
        {
            for (int j = 0; j < n; j++)
            {
                result[t - 1, j] = values[t, j] - values[t - 1, j];
            }
        }

        return result;
    }

    /// <summary>
    /// One table of T − 1 rows: the scaled feature changes then the scaled target changes, with the lines (and time
    /// values) of the rows each change leads to.
    /// </summary>
    /// <param name="series">The original series (T rows).</param>
    /// <param name="features">(T − 1, F) scaled feature changes.</param>
    /// <param name="targets">(T − 1, K) scaled target changes.</param>
    /// <param name="featureNames">The F feature names.</param>
    /// <param name="targetNames">The K target names.</param>
    public static TimeSeriesTable Table(TimeSeriesTable series, float[,] features, float[,] targets, IReadOnlyList<string> featureNames, IReadOnlyList<string> targetNames)
    {
        int rows = features.GetLength(0), f = featureNames.Count, k = targetNames.Count;
        var values = new float[rows, f + k];
        for (int t = 0; t < rows; t++)
        {
            for (int j = 0; j < f; j++)
            {
                values[t, j] = features[t, j];
            }

            for (int j = 0; j < k; j++)
            {
                values[t, f + j] = targets[t, j];
            }
        }

        string[] outNames = targetNames.Select(n => featureNames.Contains(n) ? n + " (target)" : n).ToArray();
        string[] names = [.. featureNames, .. outNames];
        return new TimeSeriesTable(
            names, values, outNames, featureNames, series.TimeColumn,
            series.TimeValues?.Skip(1).ToArray(), series.Lines.Skip(1).ToArray(), series.SourcePath);
    }

    /// <summary>The rows of <paramref name="second"/> after those of <paramref name="first"/> (same columns by name), e.g. a training file and its test file.</summary>
    /// <exception cref="DataException">The second table lacks a column of the first.</exception>
    public static TimeSeriesTable Concat(TimeSeriesTable first, TimeSeriesTable second)
    {
        int rows = first.RowCount + second.RowCount;
        var values = new float[rows, first.ColumnCount];
        for (int c = 0; c < first.ColumnCount; c++)
        {
            string name = first.ColumnNames[c];
            if (!second.ColumnNames.Contains(name))
            {
                throw new DataException(second.SourcePath ?? "(test data)", 1, name, null,
                    $"the test file has no column '{name}'; it needs the columns of the training file ({string.Join(", ", first.ColumnNames)}).");
            }

            float[] a = first.Column(name), b = second.Column(name);
            for (int t = 0; t < a.Length; t++)
            {
                values[t, c] = a[t];
            }

            for (int t = 0; t < b.Length; t++)
            {
                values[a.Length + t, c] = b[t];
            }
        }

        IReadOnlyList<string>? times = first.TimeValues is not null && second.TimeValues is not null ? [.. first.TimeValues, .. second.TimeValues] : null;
        return new TimeSeriesTable(first.ColumnNames, values, first.TargetColumns, first.FeatureColumns, times is null ? null : first.TimeColumn,
            times, [.. first.Lines, .. second.Lines], first.SourcePath, first.FilledCount + second.FilledCount);
    }
}

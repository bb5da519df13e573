using System.Globalization;

namespace Recur.Data;

/// <summary>
/// Loads a sequence-classification CSV, long (one row per time step) or wide (UCR/UEA, one row per univariate
/// sequence). Every problem with the file is a <see cref="DataException"/> naming the file, line and column.
/// </summary>
public static class SequenceCsv
{
    /// <summary>The name of the single feature of a wide-layout file.</summary>
    public const string WideFeatureName = "value";

    /// <summary>Reads <paramref name="path"/> into a <see cref="SequenceTable"/>.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (no id column for the long layout, feature columns for the wide one, a name given twice).</exception>
    /// <exception cref="DataException">The file is missing, malformed or does not have the columns asked for.</exception>
    public static SequenceTable Load(string path, SequenceCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var doc = CsvDocument.Read(path, options.Delimiter);
        return options.Layout == SequenceLayout.Long ? LoadLong(doc, options) : LoadWide(doc, options);
    }

    private static void CheckOptions(SequenceCsvOptions options)
    {
        if (options.Layout == SequenceLayout.Long && string.IsNullOrWhiteSpace(options.IdColumn))
        {
            throw new ArgumentException("IdColumn is required for the long layout (it groups the rows into sequences); got none.", nameof(options));
        }

        if (options.Layout == SequenceLayout.Wide && options.FeatureColumns is not null)
        {
            throw new ArgumentException("FeatureColumns must be null for the wide layout (every other column is a time step); got a list.", nameof(options));
        }

        if (options.Layout == SequenceLayout.Wide && options.StepColumn is not null)
        {
            throw new ArgumentException("StepColumn must be null for the wide layout (the columns are the steps); got one.", nameof(options));
        }

        if (options.FeatureColumns is { Count: 0 })
        {
            throw new ArgumentException("FeatureColumns must be null (all numeric columns) or name at least one column; got an empty list.", nameof(options));
        }

        if (options.FeatureColumns is not null)
        {
            TimeSeriesCsv.CheckNames(options.FeatureColumns, "FeatureColumns");
        }

        string?[] roles = [options.IdColumn, options.StepColumn, options.LabelColumn, options.SplitColumn];
        TimeSeriesCsv.CheckNames(roles.Where(r => r is not null).Select(r => r!).ToArray(), "the id, step, label and split columns");
        if (options.ClassNames is { Count: 0 })
        {
            throw new ArgumentException("ClassNames must be null or list at least one class; got an empty list.", nameof(options));
        }
    }

    private static SequenceTable LoadLong(CsvDocument doc, SequenceCsvOptions options)
    {
        int id = doc.ColumnIndex(options.IdColumn!, "id");
        int step = options.StepColumn is null ? -1 : doc.ColumnIndex(options.StepColumn, "step");
        int label = options.LabelColumn is null ? -1 : doc.ColumnIndex(options.LabelColumn, "label");
        int split = options.SplitColumn is null ? -1 : doc.ColumnIndex(options.SplitColumn, "split");
        var reserved = new[] { id, step, label, split }.Where(c => c >= 0).ToHashSet();
        if (reserved.Count != new[] { id, step, label, split }.Count(c => c >= 0))
        {
            throw new DataException(doc.Path, CsvDocument.HeaderLine, null, null,
                "the id, step, label and split options name the same column twice; each role needs its own column.");
        }

        int[] features;
        if (options.FeatureColumns is not null)
        {
            features = options.FeatureColumns.Select(n => doc.ColumnIndex(n, "feature")).ToArray();
            foreach (int f in features.Where(reserved.Contains))
            {
                throw new DataException(doc.Path, CsvDocument.HeaderLine, doc.Header[f], f + 1,
                    $"column '{doc.Header[f]}' is the id, step, label or split column; it cannot also be a feature.");
            }
        }
        else
        {
            features = Enumerable.Range(0, doc.Header.Length)
                .Where(c => !reserved.Contains(c) && NumericCells.IsNumericColumn(doc, c)).ToArray();
            if (features.Length == 0)
            {
                throw new DataException(doc.Path, CsvDocument.HeaderLine, null, null,
                    $"no numeric feature column besides the id, step, label and split columns; the columns are {doc.ColumnList()}.");
            }
        }

        // Group the rows by id, in order of first appearance.
        var order = new List<string>();
        var groups = new Dictionary<string, List<CsvRow>>(StringComparer.Ordinal);
        foreach (var row in doc.Rows)
        {
            string key = row.Cells[id];
            if (key.Length == 0)
            {
                throw new DataException(doc.Path, row.Line, doc.Header[id], id + 1, "empty sequence id; every row needs the id of its sequence.");
            }

            if (!groups.TryGetValue(key, out var list))
            {
                groups.Add(key, list = []);
                order.Add(key);
            }

            list.Add(row);
        }

        var sequences = new List<float[,]>(order.Count);
        var rawLabels = new List<(string Text, CsvRow Row)>(order.Count);
        var splits = split >= 0 ? new List<SequenceSplit>(order.Count) : null;
        var lines = new List<int>(order.Count);
        int filled = 0;
        foreach (string key in order)
        {
            List<CsvRow> rows = groups[key];
            lines.Add(rows[0].Line);
            if (label >= 0)
            {
                rawLabels.Add((ConstantCell(doc, rows, label, key, "label"), rows[0]));
            }

            if (split >= 0)
            {
                splits!.Add(ParseSplit(doc, rows[0], split, ConstantCell(doc, rows, split, key, "split")));
            }

            if (step >= 0)
            {
                rows = OrderBySteps(doc, rows, step, key);
            }

            var values = new float[rows.Count, features.Length];
            var column = new float[rows.Count];
            int[] rowLines = rows.Select(r => r.Line).ToArray();
            for (int j = 0; j < features.Length; j++)
            {
                for (int t = 0; t < rows.Count; t++)
                {
                    column[t] = NumericCells.Parse(doc, rows[t], features[j]);
                }

                filled += NumericCells.Fill(column, options.Missing, doc, rowLines, features[j], $" in sequence '{key}'");
                for (int t = 0; t < rows.Count; t++)
                {
                    values[t, j] = column[t];
                }
            }

            sequences.Add(values);
        }

        (int[]? labels, string[] classNames) = label >= 0 ? MapLabels(doc, label, rawLabels, options.ClassNames) : (null, []);
        CheckSplits(doc, split, splits);
        return new SequenceTable(order, sequences, features.Select(c => doc.Header[c]).ToArray(), labels, classNames, splits, lines, doc.Path, filled);
    }

    private static SequenceTable LoadWide(CsvDocument doc, SequenceCsvOptions options)
    {
        int id = options.IdColumn is null ? -1 : doc.ColumnIndex(options.IdColumn, "id");
        int label = options.LabelColumn is null ? -1 : doc.ColumnIndex(options.LabelColumn, "label");
        int split = options.SplitColumn is null ? -1 : doc.ColumnIndex(options.SplitColumn, "split");
        var reserved = new[] { id, label, split }.Where(c => c >= 0).ToHashSet();
        if (reserved.Count != new[] { id, label, split }.Count(c => c >= 0))
        {
            throw new DataException(doc.Path, CsvDocument.HeaderLine, null, null,
                "the id, label and split options name the same column twice; each role needs its own column.");
        }

        int[] steps = Enumerable.Range(0, doc.Header.Length).Where(c => !reserved.Contains(c)).ToArray();
        if (steps.Length == 0)
        {
            throw new DataException(doc.Path, CsvDocument.HeaderLine, null, null,
                $"no time-step columns: in the wide layout every column other than the id, label and split columns is a time step; the columns are {doc.ColumnList()}.");
        }

        var ids = new List<string>(doc.Rows.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sequences = new List<float[,]>(doc.Rows.Count);
        var rawLabels = new List<(string Text, CsvRow Row)>(doc.Rows.Count);
        var splits = split >= 0 ? new List<SequenceSplit>(doc.Rows.Count) : null;
        var lines = new List<int>(doc.Rows.Count);
        int filled = 0;
        for (int r = 0; r < doc.Rows.Count; r++)
        {
            CsvRow row = doc.Rows[r];
            string key = id >= 0 ? row.Cells[id] : (r + 1).ToString(CultureInfo.InvariantCulture);
            if (key.Length == 0)
            {
                throw new DataException(doc.Path, row.Line, doc.Header[id], id + 1, "empty sequence id; every row needs an id.");
            }

            if (!seen.Add(key))
            {
                throw new DataException(doc.Path, row.Line, doc.Header[id], id + 1,
                    $"duplicate sequence id '{CsvDocument.Shorten(key)}'; in the wide layout each row is one sequence with its own id.");
            }

            if (label >= 0)
            {
                rawLabels.Add((ConstantCell(doc, [row], label, key, "label"), row));
            }

            if (split >= 0)
            {
                splits!.Add(ParseSplit(doc, row, split, ConstantCell(doc, [row], split, key, "split")));
            }

            int length = steps.Length;
            while (length > 0 && row.Cells[steps[length - 1]].Length == 0)
            {
                length--;
            }

            if (length == 0)
            {
                throw new DataException(doc.Path, row.Line, doc.Header[steps[0]], steps[0] + 1,
                    "the sequence has no values: every time-step cell of the row is empty.");
            }

            var column = new float[length];
            for (int t = 0; t < length; t++)
            {
                column[t] = NumericCells.Parse(doc, row, steps[t]);
            }

            int gap = Array.FindIndex(column, float.IsNaN);
            if (gap >= 0 && options.Missing == MissingValuePolicy.Error)
            {
                throw new DataException(doc.Path, row.Line, doc.Header[steps[gap]], steps[gap] + 1,
                    "empty cell (missing value) inside the sequence; only trailing cells may be empty (a shorter sequence) unless a fill policy is chosen (forward, linear or zero).");
            }

            var rowLines = new int[length];
            Array.Fill(rowLines, row.Line);
            filled += NumericCells.Fill(column, options.Missing, doc, rowLines, steps[0], $" in sequence '{key}'");
            var values = new float[length, 1];
            for (int t = 0; t < length; t++)
            {
                values[t, 0] = column[t];
            }

            ids.Add(key);
            sequences.Add(values);
            lines.Add(row.Line);
        }

        (int[]? labels, string[] classNames) = label >= 0 ? MapLabels(doc, label, rawLabels, options.ClassNames) : (null, []);
        CheckSplits(doc, split, splits);
        return new SequenceTable(ids, sequences, [WideFeatureName], labels, classNames, splits, lines, doc.Path, filled);
    }

    /// <summary>The cell of <paramref name="column"/>, which must be non-empty and the same on every row of the sequence.</summary>
    private static string ConstantCell(CsvDocument doc, List<CsvRow> rows, int column, string key, string role)
    {
        string first = rows[0].Cells[column];
        foreach (var row in rows)
        {
            string cell = row.Cells[column];
            if (cell.Length == 0)
            {
                throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                    $"empty {role}; every row of sequence '{CsvDocument.Shorten(key)}' needs its {role}.");
            }

            if (!string.Equals(cell, first, StringComparison.Ordinal))
            {
                throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                    $"the {role} changes within sequence '{CsvDocument.Shorten(key)}': '{CsvDocument.Shorten(cell)}' here but '{CsvDocument.Shorten(first)}' on line {rows[0].Line}; a sequence has one {role}.");
            }
        }

        return first;
    }

    private static SequenceSplit ParseSplit(CsvDocument doc, CsvRow row, int column, string text)
    {
        if (string.Equals(text, "train", StringComparison.OrdinalIgnoreCase))
        {
            return SequenceSplit.Train;
        }

        if (string.Equals(text, "test", StringComparison.OrdinalIgnoreCase))
        {
            return SequenceSplit.Test;
        }

        throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
            $"split value '{CsvDocument.Shorten(text)}'; expected 'train' or 'test'.");
    }

    private static void CheckSplits(CsvDocument doc, int column, List<SequenceSplit>? splits)
    {
        if (splits is null)
        {
            return;
        }

        foreach (var part in new[] { SequenceSplit.Train, SequenceSplit.Test })
        {
            if (!splits.Contains(part))
            {
                string name = part == SequenceSplit.Train ? "train" : "test";
                throw new DataException(doc.Path, null, doc.Header[column], column + 1,
                    $"no sequence has split '{name}' (lines 2–{doc.Rows[^1].Line}); a split column must give both a train and a test part.");
            }
        }
    }

    private static List<CsvRow> OrderBySteps(CsvDocument doc, List<CsvRow> rows, int column, string key)
    {
        var keyed = new List<(long Step, CsvRow Row)>(rows.Count);
        var seen = new Dictionary<long, int>();
        foreach (var row in rows)
        {
            string cell = row.Cells[column];
            if (!long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long step))
            {
                throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                    cell.Length == 0
                        ? "empty step; the step column orders the rows of a sequence and needs an integer on every row."
                        : $"step '{CsvDocument.Shorten(cell)}' is not an integer; the step column orders the rows of a sequence.");
            }

            if (seen.TryGetValue(step, out int firstLine))
            {
                throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                    $"duplicate step {step} in sequence '{CsvDocument.Shorten(key)}' (also on line {firstLine}); each step of a sequence must be unique.");
            }

            seen.Add(step, row.Line);
            keyed.Add((step, row));
        }

        return keyed.OrderBy(k => k.Step).Select(k => k.Row).ToList();
    }

    private static (int[] Labels, string[] ClassNames) MapLabels(
        CsvDocument doc, int column, List<(string Text, CsvRow Row)> raw, IReadOnlyList<string>? given)
    {
        bool integers = raw.All(r => long.TryParse(r.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        string Canonical(string text) => integers
            ? long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : text;

        string[] classNames;
        if (given is not null)
        {
            classNames = given.ToArray();
        }
        else if (integers)
        {
            classNames = raw.Select(r => long.Parse(r.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))
                .Distinct().Order().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        else
        {
            classNames = raw.Select(r => r.Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classNames.Length; k++)
        {
            index.TryAdd(classNames[k], k);
        }

        var labels = new int[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            if (!index.TryGetValue(raw[i].Text, out labels[i]) && !index.TryGetValue(Canonical(raw[i].Text), out labels[i]))
            {
                throw new DataException(doc.Path, raw[i].Row.Line, doc.Header[column], column + 1,
                    $"label '{CsvDocument.Shorten(raw[i].Text)}' is not one of the {classNames.Length} classes ({string.Join(", ", classNames.Take(20))}{(classNames.Length > 20 ? ", …" : "")}).");
            }
        }

        return (labels, classNames);
    }
}

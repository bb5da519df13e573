using System.Globalization;

namespace Recur.Data;

/// <summary>Parsing of numeric cells and filling of missing values, shared by the loaders.</summary>
internal static class NumericCells
{
    /// <summary>True when <paramref name="cell"/> is a number in the invariant culture (NaN and infinity included).</summary>
    public static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// True when the column is numeric: at least one non-empty cell and no more non-numeric than numeric non-empty
    /// cells. A mostly numeric column with a stray word is numeric (and the word is then an error); a text column
    /// (dates, names) is not.
    /// </summary>
    public static bool IsNumericColumn(CsvDocument doc, int column)
    {
        int numbers = 0, words = 0;
        foreach (var row in doc.Rows)
        {
            string cell = row.Cells[column];
            if (cell.Length == 0)
            {
                continue;
            }

            if (IsNumber(cell))
            {
                numbers++;
            }
            else
            {
                words++;
            }
        }

        return numbers > 0 && numbers >= words;
    }

    /// <summary>
    /// The cell as a float, or NaN when it is empty (a missing value). A word, NaN, infinity or a value outside the
    /// float range is a <see cref="DataException"/> naming the line and column.
    /// </summary>
    public static float Parse(CsvDocument doc, CsvRow row, int column)
    {
        string cell = row.Cells[column];
        if (cell.Length == 0)
        {
            return float.NaN;
        }

        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                $"non-numeric value '{CsvDocument.Shorten(cell)}'; expected a number such as 12 or -0.5 (decimal point '.').");
        }

        if (double.IsNaN(value))
        {
            throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                $"the value '{CsvDocument.Shorten(cell)}' is NaN; expected a finite number (leave the cell empty for a missing value).");
        }

        float f = (float)value;
        if (!float.IsFinite(f))
        {
            throw new DataException(doc.Path, row.Line, doc.Header[column], column + 1,
                $"the value '{CsvDocument.Shorten(cell)}' is infinite or outside the 32-bit float range (±3.4e38); expected a finite number.");
        }

        return f;
    }

    /// <summary>
    /// Fills the NaN (missing) entries of <paramref name="values"/> by <paramref name="policy"/>. With
    /// <see cref="MissingValuePolicy.Error"/> the first missing entry is a <see cref="DataException"/> at
    /// <paramref name="lines"/>[i]; a column with no value at all is always one.
    /// </summary>
    /// <returns>The number of entries filled.</returns>
    public static int Fill(Span<float> values, MissingValuePolicy policy, CsvDocument doc, ReadOnlySpan<int> lines, int column, string scope)
    {
        int first = -1;
        int missing = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                missing++;
            }
            else if (first < 0)
            {
                first = i;
            }
        }

        if (missing == 0)
        {
            return 0;
        }

        if (policy == MissingValuePolicy.Error)
        {
            int at = FirstNaN(values);
            throw new DataException(doc.Path, lines[at], doc.Header[column], column + 1,
                "empty cell (missing value); missing values are an error unless a fill policy is chosen (forward, linear or zero).");
        }

        if (policy == MissingValuePolicy.Zero)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (float.IsNaN(values[i]))
                {
                    values[i] = 0f;
                }
            }

            return missing;
        }

        if (first < 0)
        {
            throw new DataException(doc.Path, lines[0], doc.Header[column], column + 1,
                $"every cell of the column is empty{scope}; there is no value to fill from.");
        }

        // Leading gap: the first value below.
        for (int i = 0; i < first; i++)
        {
            values[i] = values[first];
        }

        int last = first;
        for (int i = first + 1; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                continue;
            }

            if (i > last + 1)
            {
                for (int k = last + 1; k < i; k++)
                {
                    values[k] = policy == MissingValuePolicy.Forward
                        ? values[last]
                        : (float)(values[last] + (values[i] - (double)values[last]) * (k - last) / (i - last));
                }
            }

            last = i;
        }

        // Trailing gap: the last value above.
        for (int k = last + 1; k < values.Length; k++)
        {
            values[k] = values[last];
        }

        return missing;
    }

    private static int FirstNaN(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

using System.Globalization;
using CsvHelper;

namespace Recur.Cli.Workflow;

/// <summary>
/// A quick look at a CSV file's header and first rows, used only to choose defaults (which columns are numeric,
/// which are named like an id or a label). It never throws: a file it cannot read gives an empty header, and the real
/// loaders (<c>Recur.Data</c>) then report the problem with its line and column.
/// </summary>
internal sealed class CsvPeek
{
    private CsvPeek(string[] header, bool[] numeric, bool[] repeats)
    {
        Header = header;
        Numeric = numeric;
        Repeats = repeats;
    }

    /// <summary>The column names (trimmed), or none when the file could not be read.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Per column: every non-empty cell of the rows looked at parses as a number.</summary>
    public IReadOnlyList<bool> Numeric { get; }

    /// <summary>Per column: some value repeats among the rows looked at (as a long layout's sequence ids do).</summary>
    public IReadOnlyList<bool> Repeats { get; }

    /// <summary>Reads the header and up to <paramref name="maxRows"/> rows of <paramref name="path"/>.</summary>
    public static CsvPeek Read(string path, int maxRows = 200)
    {
        try
        {
            if (!File.Exists(path))
            {
                return new CsvPeek([], [], []);
            }

            using var stream = File.OpenRead(path);
            var options = new CsvReaderOptions
            {
                HasHeader = false,
                SkipEmptyLines = true,
                TrimWhitespace = true,
                MalformedData = CsvMalformedDataHandling.Throw,
                FieldCountMismatch = CsvFieldCountHandling.Allow,
            };
            using var csv = CsvReader.Create(stream, options, false);
            if (!csv.Read())
            {
                return new CsvPeek([], [], []);
            }

            string[] header = Cells(csv);
            var numeric = Enumerable.Repeat(true, header.Length).ToArray();
            var seen = new bool[header.Length];
            var repeats = new bool[header.Length];
            var values = header.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
            for (int r = 0; r < maxRows && csv.Read(); r++)
            {
                string[] row = Cells(csv);
                for (int c = 0; c < Math.Min(row.Length, header.Length); c++)
                {
                    string cell = row[c].Trim();
                    if (cell.Length == 0)
                    {
                        continue;
                    }

                    seen[c] = true;
                    repeats[c] |= !values[c].Add(cell);
                    if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    {
                        numeric[c] = false;
                    }
                }
            }

            for (int c = 0; c < header.Length; c++)
            {
                numeric[c] &= seen[c];
            }

            return new CsvPeek(header, numeric, repeats);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The loaders report the problem with its line and column.
            return new CsvPeek([], [], []);
        }
    }

    private static string[] Cells(CsvReader csv)
    {
        var cells = new string[csv.FieldCount];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = (csv.GetString(i) ?? string.Empty).Trim();
        }

        return cells;
    }

    /// <summary>The position of column <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string? name) => name is null ? -1 : Header.ToList().IndexOf(name);

    /// <summary>True when the header has a column called <paramref name="name"/> (exact).</summary>
    public bool Has(string? name) => name is not null && Header.Contains(name, StringComparer.Ordinal);

    /// <summary>The first column whose name matches one of <paramref name="names"/> (case-insensitive), in the order of the names.</summary>
    public string? Find(params string[] names)
    {
        foreach (string name in names)
        {
            string? match = Header.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }
}

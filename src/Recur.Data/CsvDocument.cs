using System.Globalization;
using CsvHelper;

namespace Recur.Data;

/// <summary>One data row of a CSV file: its 1-based line number in the file and its cells (trimmed).</summary>
internal sealed record CsvRow(int Line, string[] Cells);

/// <summary>
/// A CSV file read with CsvHelper into a header and rows, every row checked to have as many cells as the header.
/// Blank lines are skipped; cells are trimmed. Every problem is a <see cref="DataException"/>.
/// </summary>
internal sealed class CsvDocument
{
    private CsvDocument(string path, string[] header, List<CsvRow> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
    }

    /// <summary>The file path as given.</summary>
    public string Path { get; }

    /// <summary>The column names (empty names replaced by "column{index}").</summary>
    public string[] Header { get; }

    /// <summary>The data rows, in file order; each has <see cref="Header"/>.Length cells.</summary>
    public List<CsvRow> Rows { get; }

    /// <summary>The header line's number (always 1: the header is the first non-blank line and blank leading lines are rejected).</summary>
    public const int HeaderLine = 1;

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static CsvDocument Read(string path, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DataException(path, null, null, null, "the file does not exist.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return Parse(path, stream, delimiter);
        }
        catch (DataException)
        {
            throw;
        }
        catch (CsvFormatException e)
        {
            int? line = e.LineNumber > 0 ? (int)e.LineNumber : null;
            throw new DataException(path, line, null, null, "the row is not valid CSV: " + FirstLine(e.Message), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new DataException(path, null, null, null, "the file cannot be read: " + e.Message, e);
        }
    }

    private static CsvDocument Parse(string path, Stream stream, char delimiter)
    {
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        using var reader = CsvReader.Create(stream, options, false);
        string[]? header = null;
        var rows = new List<CsvRow>();
        while (reader.Read())
        {
            int line = checked((int)reader.LineNumber);
            var cells = new string[reader.FieldCount];
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i) ?? string.Empty;
            }

            if (header is null)
            {
                if (line != HeaderLine)
                {
                    throw new DataException(path, HeaderLine, null, null, "the first line is blank; expected the header row with the column names.");
                }

                header = CheckHeader(path, cells);
            }
            else
            {
                CheckWidth(path, header, cells, line);
                rows.Add(new CsvRow(line, cells));
            }
        }

        if (header is null)
        {
            throw new DataException(path, null, null, null, "the file is empty; expected a header row and at least one data row.");
        }

        if (rows.Count == 0)
        {
            throw new DataException(path, 2, null, null, "the file has a header row but no data rows.");
        }

        return new CsvDocument(path, header, rows);
    }

    private static string[] CheckHeader(string path, string[] cells)
    {
        var header = new string[cells.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < cells.Length; c++)
        {
            string name = cells[c].Length == 0 ? "column" + (c + 1).ToString(CultureInfo.InvariantCulture) : cells[c];
            if (seen.TryGetValue(name, out int first))
            {
                throw new DataException(path, HeaderLine, name, c + 1,
                    $"duplicated column name '{name}' (also column #{first + 1}); column names must be unique.");
            }

            seen.Add(name, c);
            header[c] = name;
        }

        return header;
    }

    private static void CheckWidth(string path, string[] header, string[] cells, int line)
    {
        if (cells.Length < header.Length)
        {
            int missing = cells.Length;
            throw new DataException(path, line, header[missing], missing + 1,
                $"ragged row: it has {cells.Length} cells but the header has {header.Length} columns; the cell for column '{header[missing]}' is missing.");
        }

        if (cells.Length > header.Length)
        {
            throw new DataException(path, line, null, header.Length + 1,
                $"ragged row: it has {cells.Length} cells but the header has {header.Length} columns; column #{header.Length + 1} has no header.");
        }
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }

    /// <summary>A cell's text cut to at most 40 characters for a message.</summary>
    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    /// <summary>The header as a comma-separated list, for messages that list the columns that exist.</summary>
    public string ColumnList() => string.Join(", ", Header.Select(h => "'" + h + "'"));

    /// <summary>
    /// The 0-based index of the column called <paramref name="name"/>: an exact match, else the only match ignoring
    /// case. An unknown name is a <see cref="DataException"/> listing the columns that exist.
    /// </summary>
    public int ColumnIndex(string name, string role)
    {
        int exact = Array.IndexOf(Header, name);
        if (exact >= 0)
        {
            return exact;
        }

        int[] loose = Enumerable.Range(0, Header.Length)
            .Where(i => string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (loose.Length == 1)
        {
            return loose[0];
        }

        throw new DataException(Path, HeaderLine, name, null,
            $"unknown {role} column '{name}'; the columns are {ColumnList()}.");
    }
}

using System.Text;

namespace Recur.Data;

/// <summary>
/// Thrown when a data file cannot be used: it is missing or unreadable, malformed (a ragged row, a non-numeric cell,
/// a duplicated column name, …) or does not fit the request (an unknown column, too few rows for the windows asked
/// for). The message names the file, the line (1-based as in the file; the header is line 1), the column (name and
/// 1-based index) and what was wrong; the same facts are in the properties so a caller can format its own message.
/// </summary>
public sealed class DataException : Exception
{
    /// <summary>Creates the exception; the message is built from the location and <paramref name="problem"/>.</summary>
    /// <param name="filePath">The data file (or a description such as "(in memory)" for data not read from a file).</param>
    /// <param name="line">1-based line in the file (header = 1), or null when the problem is not on one line.</param>
    /// <param name="column">The column's name, or null when the problem is not in one column.</param>
    /// <param name="columnIndex">The column's 1-based position in the header, or null when unknown or not applicable.</param>
    /// <param name="problem">What is wrong, as a sentence.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DataException(string filePath, int? line, string? column, int? columnIndex, string problem, Exception? innerException = null)
        : base(Format(filePath, line, column, columnIndex, problem), innerException)
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        ColumnIndex = columnIndex;
        Problem = problem;
    }

    /// <summary>The data file the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number as in the file (the header row is line 1); null when the problem is not on one line.</summary>
    public int? Line { get; }

    /// <summary>The column's name; null when the problem is not in one column.</summary>
    public string? Column { get; }

    /// <summary>The column's 1-based position in the header; null when unknown (for example a requested name that does not exist).</summary>
    public int? ColumnIndex { get; }

    /// <summary>What was wrong, without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string filePath, int? line, string? column, int? columnIndex, string problem)
    {
        var text = new StringBuilder();
        text.Append("data file '").Append(filePath).Append('\'');
        if (line is int l)
        {
            text.Append(", line ").Append(l);
        }

        if (column is not null)
        {
            text.Append(", column '").Append(column).Append('\'');
            if (columnIndex is int c)
            {
                text.Append(" (#").Append(c).Append(')');
            }
        }
        else if (columnIndex is int c)
        {
            text.Append(", column #").Append(c);
        }

        text.Append(": ").Append(problem);
        return text.ToString();
    }
}

using System.Globalization;
using Spectre.Console;

namespace Recur.Cli.Display;

/// <summary>
/// Where a command writes: results on the output writer, notes and errors on the error writer. When the output is the
/// real console and a terminal (not redirected), tables and the training progress are drawn with Spectre.Console;
/// otherwise (redirected, piped, in tests) everything is plain lines. With <c>--json</c> the output writer gets only
/// the one JSON object and human-readable lines go nowhere.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Creates the console for one command.</summary>
    /// <param name="output">Results.</param>
    /// <param name="error">Errors and warnings.</param>
    /// <param name="json">Machine-readable output only.</param>
    public CliConsole(TextWriter output, TextWriter error, bool json)
    {
        Out = output;
        Error = error;
        Json = json;
        Interactive = !json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
            && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
    }

    /// <summary>The result writer.</summary>
    public TextWriter Out { get; }

    /// <summary>The error writer.</summary>
    public TextWriter Error { get; }

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json { get; }

    /// <summary>True when drawing on a terminal with Spectre.Console.</summary>
    public bool Interactive { get; }

    /// <summary>Writes a human-readable line (nothing with <c>--json</c>).</summary>
    public void Line(string text = "")
    {
        if (Json)
        {
            return;
        }

        if (Interactive)
        {
            AnsiConsole.MarkupLine(Markup.Escape(text));
        }
        else
        {
            Out.WriteLine(text);
        }
    }

    /// <summary>Writes a heading line.</summary>
    public void Heading(string text)
    {
        if (Json)
        {
            return;
        }

        if (Interactive)
        {
            AnsiConsole.MarkupLine("[bold]" + Markup.Escape(text) + "[/]");
        }
        else
        {
            Out.WriteLine(text);
        }
    }

    /// <summary>Writes a warning on the error writer.</summary>
    public void Warn(string text) => Error.WriteLine("recur: warning: " + text);

    /// <summary>Writes a table: a Spectre table on a terminal, aligned plain columns otherwise (nothing with <c>--json</c>).</summary>
    public void Table(string? title, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (Json)
        {
            return;
        }

        List<IReadOnlyList<string>> all = rows.ToList();
        if (Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (title is not null)
            {
                table.Title(Markup.Escape(title));
            }

            for (int c = 0; c < headers.Count; c++)
            {
                var column = new TableColumn(Markup.Escape(headers[c]));
                table.AddColumn(c == 0 ? column : column.RightAligned());
            }

            foreach (var row in all)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.Write(table);
            return;
        }

        if (title is not null)
        {
            Out.WriteLine(title);
        }

        var widths = new int[headers.Count];
        for (int c = 0; c < headers.Count; c++)
        {
            widths[c] = Math.Max(headers[c].Length, all.Select(r => c < r.Count ? r[c].Length : 0).DefaultIfEmpty(0).Max());
        }

        Out.WriteLine(FormatRow(headers, widths));
        foreach (var row in all)
        {
            Out.WriteLine(FormatRow(row, widths));
        }
    }

    /// <summary>The progress display for <c>recur train</c>; <paramref name="metricName"/> names the validation metric ("accuracy", "rmse").</summary>
    public TrainingDisplay TrainingDisplay(string metricName) =>
        Json ? new SilentTrainingDisplay()
        : Interactive ? new SpectreTrainingDisplay { MetricName = metricName }
        : new PlainTrainingDisplay(Out) { MetricName = metricName };

    /// <summary>A number for people: 4 significant digits, or "-" for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "-" : Math.Abs(value) >= 1e5 || (Math.Abs(value) < 1e-3 && value != 0)
            ? value.ToString("G4", CultureInfo.InvariantCulture)
            : value.ToString(Math.Abs(value) >= 100 ? "F2" : "F4", CultureInfo.InvariantCulture);

    private static string FormatRow(IReadOnlyList<string> cells, int[] widths) =>
        "  " + string.Join("  ", cells.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd();
}

namespace Recur.Cli.Reporting;

/// <summary>
/// One line of a <see cref="LineChart"/>: value i is drawn at x = <paramref name="XStart"/> + i; NaN and ±∞ are gaps.
/// </summary>
/// <param name="Name">The legend entry (escaped when written).</param>
/// <param name="Values">(n) the y values.</param>
/// <param name="XStart">The x of the first value.</param>
/// <param name="Color">A CSS colour (a constant of the report, never user text).</param>
/// <param name="CssClass">A CSS class of the series group (a constant of the report, never user text).</param>
internal sealed record LineSeries(string Name, IReadOnlyList<double> Values, double XStart, string Color, string CssClass)
{
    /// <summary>Draw the line dashed.</summary>
    public bool Dashed { get; init; }

    /// <summary>The stroke width in px.</summary>
    public double Width { get; init; } = 1.8;
}

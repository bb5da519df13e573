namespace Recur.Cli.Reporting;

/// <summary>A shaded x range of a <see cref="LineChart"/> (e.g. the test range), with a label and a legend entry.</summary>
/// <param name="From">The x where the band starts.</param>
/// <param name="To">The x where the band ends (at least <paramref name="From"/>).</param>
/// <param name="Label">The label (escaped when written).</param>
/// <param name="Fill">A CSS colour (a constant of the report).</param>
/// <param name="CssClass">A CSS class (a constant of the report).</param>
internal sealed record ChartBand(double From, double To, string Label, string Fill, string CssClass);

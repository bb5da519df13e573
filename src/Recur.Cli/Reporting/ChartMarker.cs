namespace Recur.Cli.Reporting;

/// <summary>A dashed vertical line across a <see cref="LineChart"/> at one x (e.g. where the test range starts).</summary>
/// <param name="X">The x of the line.</param>
/// <param name="Label">The label written beside the top of the line (escaped when written).</param>
/// <param name="CssClass">A CSS class (a constant of the report).</param>
internal sealed record ChartMarker(double X, string Label, string CssClass);

namespace Recur.Cli.Reporting;

/// <summary>
/// The tick marks of one chart axis (see <see cref="NiceScale"/>).
/// </summary>
/// <param name="Min">The lower end of the axis (the first tick for a nice linear or log axis).</param>
/// <param name="Max">The upper end of the axis (the last tick for a nice linear or log axis).</param>
/// <param name="Step">The distance between two ticks: added on a linear axis, multiplied on a log axis (10).</param>
/// <param name="Values">The tick values in increasing order (at least two).</param>
/// <param name="IsLog">True for a base-10 logarithmic axis.</param>
public sealed record AxisTicks(double Min, double Max, double Step, IReadOnlyList<double> Values, bool IsLog);

using System.Globalization;

namespace Recur.Cli.Reporting;

/// <summary>
/// "Nice" axis ticks (Heckbert's algorithm, Graphics Gems 1990): steps of 1, 2 or 5 times a power of ten, an axis
/// that starts and ends on a tick, and tick labels with just enough decimals.
/// </summary>
public static class NiceScale
{
    /// <summary>
    /// The nice number closest to <paramref name="value"/> (<paramref name="round"/> true) or the smallest nice number
    /// at least <paramref name="value"/> (false): 1, 2, 5 or 10 times a power of ten.
    /// </summary>
    /// <param name="value">A positive finite number.</param>
    /// <param name="round">Round to the nearest nice number instead of taking the ceiling.</param>
    public static double NiceNumber(double value, bool round)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"NiceNumber: value must be a positive finite number; got {value}.");
        }

        double exponent = Math.Floor(Math.Log10(value));
        double power = Math.Pow(10, exponent);
        double fraction = value / power;
        double nice = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    /// <summary>
    /// Ticks for a linear axis covering [<paramref name="min"/>, <paramref name="max"/>]: the axis is widened to the
    /// nearest ticks outside the data. A zero-width range is widened first (by 10% of the value, or by 1 around zero
    /// or in <paramref name="integer"/> mode).
    /// </summary>
    /// <param name="min">The smallest data value (finite).</param>
    /// <param name="max">The largest data value (finite, at least <paramref name="min"/>).</param>
    /// <param name="maxTicks">About how many ticks to aim for (at least 2).</param>
    /// <param name="integer">Only whole-number steps (for epochs and indices): the step is at least 1.</param>
    public static AxisTicks Linear(double min, double max, int maxTicks = 6, bool integer = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"Linear: min and max must be finite; got min = {min}, max = {max}.", nameof(min));
        }

        if (max < min)
        {
            throw new ArgumentException($"Linear: max must be at least min; got min = {min}, max = {max}.", nameof(max));
        }

        if (maxTicks < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTicks), maxTicks, $"Linear: maxTicks must be at least 2; got {maxTicks}.");
        }

        if (max == min)
        {
            double pad = integer || min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }

        double range = NiceNumber(max - min, round: false);
        double step = NiceNumber(range / (maxTicks - 1), round: true);
        if (integer && step < 1)
        {
            step = 1;
        }

        int digits = StepDecimals(step);
        double first = Math.Floor(min / step);
        double last = Math.Ceiling(max / step);
        var values = new List<double>();
        for (double k = first; k <= last + 0.5; k++)
        {
            values.Add(RoundTo(k * step, digits));
        }

        return new AxisTicks(values[0], values[^1], step, values, IsLog: false);
    }

    /// <summary>
    /// Ticks for a base-10 logarithmic axis covering [<paramref name="min"/>, <paramref name="max"/>]: one tick per
    /// power of ten from the power at or below <paramref name="min"/> to the power at or above <paramref name="max"/>.
    /// </summary>
    /// <param name="min">The smallest data value (positive, finite).</param>
    /// <param name="max">The largest data value (finite, at least <paramref name="min"/>).</param>
    public static AxisTicks Log10(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min <= 0)
        {
            throw new ArgumentException($"Log10: min and max must be positive and finite; got min = {min}, max = {max}.", nameof(min));
        }

        if (max < min)
        {
            throw new ArgumentException($"Log10: max must be at least min; got min = {min}, max = {max}.", nameof(max));
        }

        int lo = (int)Math.Floor(Math.Log10(min) + 1e-12);
        int hi = (int)Math.Ceiling(Math.Log10(max) - 1e-12);
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var values = new List<double>();
        for (int e = lo; e <= hi; e++)
        {
            values.Add(double.Parse("1e" + e.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        return new AxisTicks(values[0], values[^1], 10, values, IsLog: true);
    }

    /// <summary>
    /// The text of one tick: as many decimals as the step needs (0.2 → "0.4", 5 → "10"), thousands as "k"/"M"/"G"
    /// above a million, and powers of ten as "1e-5" below 0.0001 on log axes or with tiny steps.
    /// </summary>
    /// <param name="value">The tick value.</param>
    /// <param name="ticks">The axis the tick belongs to.</param>
    public static string FormatTick(double value, AxisTicks ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (value == 0)
        {
            return "0";
        }

        if (ticks.IsLog)
        {
            double abs = Math.Abs(value);
            if (abs >= 1e-4 && abs < 1e6)
            {
                return value.ToString("0.####", inv);
            }

            return "1e" + ((int)Math.Round(Math.Log10(abs))).ToString(inv);
        }

        double maxAbs = Math.Max(Math.Abs(ticks.Min), Math.Abs(ticks.Max));
        if (ticks.Step < 1e-4)
        {
            return value.ToString("0.##E+0", inv);
        }

        (double scale, string suffix) = maxAbs >= 1e9 ? (1e9, "G") : maxAbs >= 1e6 ? (1e6, "M") : (1.0, "");
        int digits = StepDecimals(ticks.Step / scale);
        return (value / scale).ToString("F" + digits.ToString(inv), inv) + suffix;
    }

    /// <summary>How many decimals a value on a grid of <paramref name="step"/> needs (0.25 is not a nice step; 0.2 needs 1).</summary>
    private static int StepDecimals(double step) => Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 15);

    private static double RoundTo(double value, int digits)
    {
        double r = Math.Round(value, digits);
        return r == 0 ? 0 : r; // no negative zero
    }
}

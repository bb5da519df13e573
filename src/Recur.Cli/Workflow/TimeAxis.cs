using System.Globalization;

namespace Recur.Cli.Workflow;

/// <summary>
/// Continues a time column past the end of the data: integers by their last step; dates and timestamps in their own
/// format by the step between the last two values (a whole number of months when the day of the month repeats, e.g.
/// monthly "1949-01" or "2020-01-31"; else days or a fixed time span); decimals by their last step. A column it cannot
/// read continues as "+1", "+2", ….
/// </summary>
internal sealed class TimeAxis
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM", "yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-M-d", "yyyy/M/d", "M/d/yyyy", "d.M.yyyy", "yyyyMMdd", "yyyy",
    ];

    private readonly Func<int, string> _at;

    private TimeAxis(string kind, Func<int, string> at)
    {
        Kind = kind;
        _at = at;
    }

    /// <summary>What the axis is: "integer", "months", "days", "timespan", "number" or "none".</summary>
    public string Kind { get; }

    /// <summary>Reads the column's last values and works out how it continues.</summary>
    /// <param name="values">The time column (oldest first), or null when the data has none.</param>
    public static TimeAxis Detect(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return None();
        }

        string last = values[^1];
        string? previous = values.Count > 1 ? values[^2] : null;
        if (long.TryParse(last, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long li))
        {
            long step = previous is not null && long.TryParse(previous, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long lp) && li != lp ? li - lp : 1;
            return new TimeAxis("integer", k => (li + (step * k)).ToString(CultureInfo.InvariantCulture));
        }

        foreach (string format in DateFormats)
        {
            if (!DateTime.TryParseExact(last, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime dl))
            {
                continue;
            }

            if (previous is null || !DateTime.TryParseExact(previous, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime dp) || dp >= dl)
            {
                return format == "yyyy"
                    ? new TimeAxis("years", k => dl.AddYears(k).ToString(format, CultureInfo.InvariantCulture))
                    : new TimeAxis("days", k => dl.AddDays(k).ToString(format, CultureInfo.InvariantCulture));
            }

            int months = ((dl.Year - dp.Year) * 12) + dl.Month - dp.Month;
            if (dl.TimeOfDay == dp.TimeOfDay && months > 0 && (dl.Day == dp.Day || (IsMonthEnd(dl) && IsMonthEnd(dp))) && months * 27 <= (dl - dp).TotalDays)
            {
                bool monthEnd = IsMonthEnd(dl) && dl.Day != dp.Day;
                return new TimeAxis("months", k =>
                {
                    DateTime next = dl.AddMonths(months * k);
                    if (monthEnd)
                    {
                        next = new DateTime(next.Year, next.Month, DateTime.DaysInMonth(next.Year, next.Month), next.Hour, next.Minute, next.Second);
                    }

                    return next.ToString(format, CultureInfo.InvariantCulture);
                });
            }

            TimeSpan span = dl - dp;
            string kind = span.Ticks % TimeSpan.TicksPerDay == 0 ? "days" : "timespan";
            return new TimeAxis(kind, k => (dl + (span * k)).ToString(format, CultureInfo.InvariantCulture));
        }

        if (double.TryParse(last, NumberStyles.Float, CultureInfo.InvariantCulture, out double dv))
        {
            double step = previous is not null && double.TryParse(previous, NumberStyles.Float, CultureInfo.InvariantCulture, out double pv) && pv != dv ? dv - pv : 1;
            return new TimeAxis("number", k => (dv + (step * k)).ToString("G10", CultureInfo.InvariantCulture));
        }

        return None();
    }

    /// <summary>The time value <paramref name="k"/> steps after the last one (k ≥ 1).</summary>
    public string After(int k) => _at(k);

    private static TimeAxis None() => new("none", k => "+" + k.ToString(CultureInfo.InvariantCulture));

    private static bool IsMonthEnd(DateTime d) => d.Day == DateTime.DaysInMonth(d.Year, d.Month);
}

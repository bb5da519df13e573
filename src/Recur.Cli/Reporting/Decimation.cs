namespace Recur.Cli.Reporting;

/// <summary>
/// Splits a series into runs of drawable points (NaN and infinities break the line) and thins long series for
/// drawing with min-max decimation: the index range is cut into equal buckets and each bucket keeps its first,
/// lowest, highest and last point, so spikes survive and the drawn shape matches the full series at screen size.
/// </summary>
public static class Decimation
{
    /// <summary>
    /// The indices of the points to draw, one array per unbroken run (in increasing index order). When the series
    /// has at most <paramref name="maxPoints"/> drawable points, every drawable point is kept; otherwise at most
    /// about <paramref name="maxPoints"/> are (4 per bucket of ⌈n / (maxPoints / 4)⌉ indices, plus one bucket per
    /// run boundary).
    /// </summary>
    /// <param name="values">The series (n values); NaN and ±∞ are gaps.</param>
    /// <param name="maxPoints">The point budget (at least 4).</param>
    /// <param name="positiveOnly">Also treat values ≤ 0 as gaps (for a logarithmic axis).</param>
    public static IReadOnlyList<int[]> Segments(IReadOnlyList<double> values, int maxPoints, bool positiveOnly = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (maxPoints < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, $"Segments: maxPoints must be at least 4; got {maxPoints}.");
        }

        int drawable = 0;
        for (int i = 0; i < values.Count; i++)
        {
            if (IsDrawable(values[i], positiveOnly))
            {
                drawable++;
            }
        }

        int bucket = drawable <= maxPoints ? 1 : (int)Math.Ceiling(values.Count / (maxPoints / 4.0));
        var segments = new List<int[]>();
        var current = new List<int>();
        var group = new List<int>();
        int groupId = -1;
        for (int i = 0; i <= values.Count; i++)
        {
            bool ok = i < values.Count && IsDrawable(values[i], positiveOnly);
            int id = ok ? i / bucket : -1;
            if (group.Count > 0 && (!ok || id != groupId))
            {
                Flush(values, group, current);
                group.Clear();
            }

            if (!ok)
            {
                if (current.Count > 0)
                {
                    segments.Add([.. current]);
                    current.Clear();
                }

                continue;
            }

            groupId = id;
            group.Add(i);
        }

        return segments;
    }

    /// <summary>True for a value a chart can draw.</summary>
    private static bool IsDrawable(double v, bool positiveOnly) => double.IsFinite(v) && (!positiveOnly || v > 0);

    /// <summary>Appends the first, lowest, highest and last index of one bucket, in index order, without repeats.</summary>
    private static void Flush(IReadOnlyList<double> values, List<int> group, List<int> into)
    {
        if (group.Count <= 4)
        {
            into.AddRange(group);
            return;
        }

        int lo = group[0];
        int hi = group[0];
        foreach (int i in group)
        {
            if (values[i] < values[lo])
            {
                lo = i;
            }

            if (values[i] > values[hi])
            {
                hi = i;
            }
        }

        var keep = new SortedSet<int> { group[0], lo, hi, group[^1] };
        into.AddRange(keep);
    }
}

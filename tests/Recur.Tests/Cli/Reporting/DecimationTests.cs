using Recur.Cli.Reporting;
using Xunit;

namespace Recur.Tests.Cli.Reporting;

/// <summary>Line segmentation at gaps and min-max decimation of long series.</summary>
public sealed class DecimationTests
{
    [Fact]
    public void GapsSplitTheLineAndEveryFinitePointIsKeptUnderTheBudget()
    {
        double[] v = [1, 2, double.NaN, 4, double.PositiveInfinity, double.NaN, 7, 8, 9];

        IReadOnlyList<int[]> s = Decimation.Segments(v, maxPoints: 100);

        Assert.Equal(3, s.Count);
        Assert.Equal([0, 1], s[0]);
        Assert.Equal([3], s[1]);
        Assert.Equal([6, 7, 8], s[2]);
    }

    [Fact]
    public void PositiveOnlyTreatsNonPositiveValuesAsGaps()
    {
        IReadOnlyList<int[]> s = Decimation.Segments([1, 0, 2, 3, -1], maxPoints: 100, positiveOnly: true);

        Assert.Equal(2, s.Count);
        Assert.Equal([0], s[0]);
        Assert.Equal([2, 3], s[1]);
    }

    [Fact]
    public void LongSeriesKeepsEachBucketsExtremesWithinTheBudget()
    {
        const int n = 10_000;
        var random = new Random(3);
        double[] v = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        v[4321] = 50; // a spike
        v[7777] = -50; // a dip

        IReadOnlyList<int[]> s = Decimation.Segments(v, maxPoints: 2000);

        int[] kept = Assert.Single(s);
        Assert.InRange(kept.Length, 1000, 2000);
        Assert.Contains(4321, kept);
        Assert.Contains(7777, kept);
        Assert.Equal(0, kept[0]);
        Assert.Equal(n - 1, kept[^1]);
        for (int i = 1; i < kept.Length; i++)
        {
            Assert.True(kept[i] > kept[i - 1], "indices must increase.");
        }

        // Each bucket of ceil(n / 500) = 20 indices keeps its own minimum and maximum.
        for (int start = 0; start < n; start += 20)
        {
            int[] bucket = Enumerable.Range(start, 20).ToArray();
            int lo = bucket.MinBy(i => v[i]), hi = bucket.MaxBy(i => v[i]);
            Assert.Contains(lo, kept);
            Assert.Contains(hi, kept);
        }
    }

    [Fact]
    public void BudgetBelowFourIsRejected()
    {
        Assert.Equal("maxPoints", Assert.Throws<ArgumentOutOfRangeException>(() => Decimation.Segments([1.0], 3)).ParamName);
    }
}

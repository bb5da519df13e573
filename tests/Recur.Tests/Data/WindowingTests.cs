using Recur.Data;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>Forecasting windows and the chronological split, with exact row indices.</summary>
public sealed class WindowingTests
{
    /// <summary>T rows; column a = 100 + t, column y = t (the target), so every value names its row.</summary>
    private static TimeSeriesTable Series(int rows, string[]? features = null)
    {
        var values = new float[rows, 2];
        for (int t = 0; t < rows; t++)
        {
            values[t, 0] = 100 + t;
            values[t, 1] = t;
        }

        return new TimeSeriesTable(["a", "y"], values, ["y"], features ?? ["a", "y"]);
    }

    [Fact]
    public void WindowsReadLookbackRowsAndPredictTheNextHorizonRows()
    {
        var w = Windowing.Create(Series(10), lookback: 3, horizon: 2, stride: 2);
        // Starts 0, 2, 4: the last window reads rows 4..6 and predicts rows 7, 8; a start of 6 would need row 10.
        Assert.Equal([0, 2, 4], w.Starts);
        Assert.Equal([3, 3, 2], w.Inputs.Shape);
        Assert.Equal([3, 2, 1], w.Targets.Shape);
        float[] inputs = w.Inputs.ToArray();
        float[] targets = w.Targets.ToArray();
        for (int i = 0; i < w.Count; i++)
        {
            for (int l = 0; l < 3; l++)
            {
                Assert.Equal(100 + w.Starts[i] + l, inputs[(i * 3 + l) * 2]);
                Assert.Equal(w.Starts[i] + l, inputs[(i * 3 + l) * 2 + 1]);
            }

            for (int h = 0; h < 2; h++)
            {
                Assert.Equal(w.TargetStart(i) + h, targets[i * 2 + h]);
            }
        }
    }

    [Fact]
    public void StrideOneGivesEveryWindow()
    {
        var w = Windowing.Create(Series(6), lookback: 2, horizon: 1);
        Assert.Equal([0, 1, 2, 3], w.Starts);
        Assert.Equal([2f, 3f, 4f, 5f], w.Targets.ToArray());
    }

    [Fact]
    public void FeaturesWithoutTheTargetAreTheOnlyInputs()
    {
        var w = Windowing.Create(Series(4, ["a"]), lookback: 2, horizon: 1);
        Assert.Equal([2, 2, 1], w.Inputs.Shape);
        Assert.Equal([100f, 101f, 101f, 102f], w.Inputs.ToArray());
        Assert.Equal([2f, 3f], w.Targets.ToArray());
    }

    [Fact]
    public void SplitFractionsFloorTrainAndValidationAndGiveTheRestToTest()
    {
        Assert.Equal(new ChronologicalSplit(70, 15, 15), ChronologicalSplit.FromFractions(100, 0.7, 0.15));
        Assert.Equal(new ChronologicalSplit(6, 1, 3), ChronologicalSplit.FromFractions(10, 0.69, 0.15));
        Assert.Equal(new ChronologicalSplit(7, 0, 3), ChronologicalSplit.FromFractions(10, 0.7, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.FromFractions(10, 0.8, 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.FromFractions(10, 0, 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.FromFractions(1, 0.5, 0.2));
    }

    [Fact]
    public void SplitWindowsKeepEachTargetRowInOnePartAndInputsReachBack()
    {
        // 20 rows: train 0..11, validation 12..15, test 16..19.
        var split = ChronologicalSplit.FromFractions(20, 0.6, 0.2);
        Assert.Equal(new ChronologicalSplit(12, 4, 4), split);
        var parts = Windowing.Create(Series(20), lookback: 4, horizon: 2, stride: 1, split);

        // Train targets start at row 4 (after one lookback) and end by row 11.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], parts.Train.Starts);
        // Validation targets start at row 12; inputs reach back into the training rows; none crosses row 16.
        Assert.Equal([8, 9, 10], parts.Validation.Starts);
        Assert.Equal([12f, 13f, 13f, 14f, 14f, 15f], parts.Validation.Targets.ToArray());
        Assert.Equal([12, 13, 14], parts.Test.Starts);
        Assert.Equal([16f, 17f, 17f, 18f, 18f, 19f], parts.Test.Targets.ToArray());

        var targetRows = new[] { parts.Train, parts.Validation, parts.Test }
            .Select(w => Enumerable.Range(0, w.Count).SelectMany(i => Enumerable.Range(w.TargetStart(i), 2)).ToHashSet()).ToArray();
        Assert.All(targetRows[0], r => Assert.True(r < 12));
        Assert.All(targetRows[1], r => Assert.InRange(r, 12, 15));
        Assert.All(targetRows[2], r => Assert.InRange(r, 16, 19));
    }

    [Fact]
    public void SplitWindowsWithStrideStartOnEachPartsFirstRow()
    {
        var parts = Windowing.Create(Series(30), lookback: 5, horizon: 1, stride: 3, new ChronologicalSplit(20, 0, 10));
        Assert.Equal([0, 3, 6, 9, 12], parts.Train.Starts); // targets 5, 8, 11, 14, 17
        Assert.Equal(0, parts.Validation.Count);
        Assert.Equal([0, 5, 2], parts.Validation.Inputs.Shape);
        Assert.Equal([15, 18, 21, 24], parts.Test.Starts); // targets 20, 23, 26, 29
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        var series = Series(10);
        Assert.Equal("lookback", Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, 0, 1)).ParamName);
        Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, 2, 0)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, 2, 1, 0)).ParamName);
        Assert.Equal("split", Assert.Throws<ArgumentException>(() => Windowing.Create(series, 2, 1, 1, new ChronologicalSplit(5, 2, 2))).ParamName);
    }
}

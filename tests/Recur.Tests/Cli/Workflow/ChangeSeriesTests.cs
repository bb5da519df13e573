using Recur.Cli.Workflow;
using Recur.Data;
using Xunit;

namespace Recur.Tests.Cli.Workflow;

public sealed class ChangeSeriesTests
{
    [Fact]
    public void DifferencesAndTableKeepLinesAndNames()
    {
        var series = new TimeSeriesTable(["x", "y"], new float[,] { { 1, 10 }, { 4, 20 }, { 9, 25 } }, ["y"], ["x", "y"], "t", ["a", "b", "c"]);
        float[,] d = ChangeSeries.Differences(ChangeSeries.Extract(series, ["y", "x"]));
        Assert.Equal(new float[,] { { 10, 3 }, { 5, 5 } }, d);
        TimeSeriesTable table = ChangeSeries.Table(series, ChangeSeries.Differences(ChangeSeries.Extract(series, ["x", "y"])),
            ChangeSeries.Differences(ChangeSeries.Extract(series, ["y"])), ["x", "y"], ["y"]);
        Assert.Equal(["x", "y", "y (target)"], table.ColumnNames);
        Assert.Equal([3, 4], table.Lines);               // change r leads to row r + 1 (lines 3 and 4 of the file)
        Assert.Equal(["b", "c"], table.TimeValues!);
        Assert.Equal(new float[,] { { 3, 10, 10 }, { 5, 5, 5 } }, table.Values);
    }

    [Fact]
    public void ConcatAppendsTheRowsOfTheSecondTableByName()
    {
        var a = new TimeSeriesTable(["x", "y"], new float[,] { { 1, 2 } }, ["y"], ["x", "y"]);
        var b = new TimeSeriesTable(["y", "x"], new float[,] { { 20, 10 }, { 40, 30 } }, ["y"], ["y", "x"]);
        TimeSeriesTable c = ChangeSeries.Concat(a, b);
        Assert.Equal(new float[,] { { 1, 2 }, { 10, 20 }, { 30, 40 } }, c.Values);
        var missing = new TimeSeriesTable(["y"], new float[,] { { 1 } }, ["y"], ["y"], sourcePath: "test.csv");
        Assert.Throws<DataException>(() => ChangeSeries.Concat(a, missing));
    }

    [Fact]
    public void StratifiedSplitHoldsOutAboutTheSameFractionOfEveryClass()
    {
        int[] labels = [.. Enumerable.Repeat(0, 20), .. Enumerable.Repeat(1, 10), .. Enumerable.Repeat(2, 2)];
        (int[] kept, int[] held) = StratifiedSplit.Split(labels, 0.2, seed: 4);
        Assert.Equal(4, held.Count(i => labels[i] == 0));
        Assert.Equal(2, held.Count(i => labels[i] == 1));
        Assert.Equal(0, held.Count(i => labels[i] == 2)); // round(0.4) = 0: a class of two keeps both
        Assert.Equal(Enumerable.Range(0, 32), kept.Concat(held).Order());
        Assert.Equal(held, StratifiedSplit.Split(labels, 0.2, seed: 4).HeldOut);
    }
}

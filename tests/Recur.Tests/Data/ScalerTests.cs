using Recur.Data;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>Z-score and min-max scalers: statistics from the training rows only, exact transforms, JSON state.</summary>
public sealed class ScalerTests
{
    // Column a: 1, 2, 3, 4 | 100, 200 ; column b: 10, 10, 10, 10 | 0, 50. Train = first 4 rows.
    private static readonly float[,] Values = { { 1, 10 }, { 2, 10 }, { 3, 10 }, { 4, 10 }, { 100, 0 }, { 200, 50 } };

    [Fact]
    public void ZScoreUsesTrainingMeanAndPopulationStd()
    {
        var scaler = new ZScoreScaler(["a", "b"]);
        scaler.Fit(Values, rowCount: 4);
        Assert.Equal([2.5, 10], scaler.Mean);
        Assert.Equal(Math.Sqrt(1.25), scaler.Std[0], 12);
        Assert.Equal(0, scaler.Std[1]); // constant in training: only centred
        Assert.Equal(4, scaler.FitRows);

        // Whole-data statistics would differ: the test rows must not leak into the fit.
        var whole = new ZScoreScaler(["a", "b"]);
        whole.Fit(Values, rowCount: 6);
        Assert.NotEqual(scaler.Mean[0], whole.Mean[0]);
        Assert.Equal((1 + 2 + 3 + 4 + 100 + 200) / 6.0, whole.Mean[0], 12);

        float[,] z = scaler.Transform(Values);
        Assert.Equal((float)((1 - 2.5) / Math.Sqrt(1.25)), z[0, 0]);
        Assert.Equal((float)((200 - 2.5) / Math.Sqrt(1.25)), z[5, 0]);
        Assert.Equal(0f, z[0, 1]);
        Assert.Equal(-10f, z[4, 1]);
        Assert.Equal(40f, z[5, 1]);
        AssertClose(Values, scaler.InverseTransform(z));
    }

    [Fact]
    public void MinMaxMapsTheTrainingRangeToZeroOneAndLetsLaterValuesLeaveIt()
    {
        var scaler = new MinMaxScaler(["a", "b"]);
        scaler.Fit(Values, rowCount: 4);
        Assert.Equal([1.0, 10], scaler.Min);
        Assert.Equal([4.0, 10], scaler.Max);
        float[,] m = scaler.Transform(Values);
        Assert.Equal(0f, m[0, 0]);
        Assert.Equal(1f, m[3, 0]);
        Assert.Equal(33f, m[4, 0]); // (100 − 1) / 3: a trend beyond the training range stays visible
        Assert.Equal(-10f, m[4, 1]); // constant column: shifted only
        AssertClose(Values, scaler.InverseTransform(m));
    }

    [Fact]
    public void FitOnSequenceBlocksPoolsTheirRows()
    {
        var scaler = new ZScoreScaler(["x"]);
        scaler.Fit([new float[,] { { 1 }, { 3 } }, new float[,] { { 5 } }]);
        Assert.Equal(3, scaler.Mean[0], 12);
        Assert.Equal(Math.Sqrt(8 / 3.0), scaler.Std[0], 12);
        Assert.Equal(3, scaler.FitRows);
    }

    [Fact]
    public void StateRoundTripsThroughJson()
    {
        foreach (ColumnScaler scaler in new ColumnScaler[] { new ZScoreScaler(["a", "b"]), new MinMaxScaler(["a", "b"]) })
        {
            scaler.Fit(Values, 4);
            string json = scaler.ToJson();
            Assert.Contains($"\"kind\":\"{scaler.Kind}\"", json, StringComparison.Ordinal);
            Assert.Contains("\"columns\":[\"a\",\"b\"]", json, StringComparison.Ordinal);
            ColumnScaler restored = ColumnScaler.FromJson(json);
            Assert.IsType(scaler.GetType(), restored);
            Assert.Equal(scaler.Transform(Values), restored.Transform(Values));
            Assert.Equal(4, restored.FitRows);
            Assert.Equal(scaler.Transform(Values), ColumnScaler.FromJson(scaler.ToJsonNode()).Transform(Values));
        }
    }

    [Fact]
    public void SelectedTargetColumnsInverseTransformForecastTensors()
    {
        var scaler = new MinMaxScaler(["a", "b"]);
        scaler.Fit(Values, 4);
        ColumnScaler target = scaler.Select(["a"]);
        Assert.Equal(["a"], target.Columns);
        Tensor forecasts = Tensor.FromArray([0f, 0.5f, 1f, 2f], 2, 2, 1); // (N, H, K)
        Assert.Equal([1f, 2.5f, 4f, 7f], target.InverseTransform(forecasts).ToArray());
        Assert.Equal([2, 2, 1], target.InverseTransform(forecasts).Shape);
    }

    [Fact]
    public void TableTransformScalesEveryColumnWithTrainStatistics()
    {
        var table = new TimeSeriesTable(["a", "b"], Values, ["a"], ["a", "b"]);
        var scaler = new ZScoreScaler(table.ColumnNames);
        scaler.Fit(table, trainRows: 4);
        var scaled = scaler.Transform(table);
        Assert.Equal(table.Lines, scaled.Lines);
        Assert.Equal(scaler.Transform(Values), scaled.Values);
    }

    [Fact]
    public void MisuseIsAnArgumentOrStateError()
    {
        var scaler = new ZScoreScaler(["a", "b"]);
        Assert.Throws<InvalidOperationException>(() => scaler.Transform(Values));
        Assert.Equal("rowCount", Assert.Throws<ArgumentOutOfRangeException>(() => scaler.Fit(Values, 7)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => scaler.Fit(new float[2, 3], 2)).ParamName);
        Assert.Throws<ArgumentException>(() => scaler.Fit(new float[,] { { 1, float.NaN } }, 1));
        var e = Assert.Throws<ArgumentException>(() => ColumnScaler.FromJson("{\"kind\":\"robust\",\"columns\":[\"a\"]}"));
        Assert.Contains("'zscore' or 'minmax'; got 'robust'", e.Message, StringComparison.Ordinal);
        var wrongLength = Assert.Throws<ArgumentException>(() => ColumnScaler.FromJson("{\"kind\":\"zscore\",\"columns\":[\"a\"],\"mean\":[1,2],\"std\":[1]}"));
        Assert.Contains("'mean' with 1 values", wrongLength.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ColumnScaler.FromJson("not json"));
    }

    private static void AssertClose(float[,] expected, float[,] actual)
    {
        for (int t = 0; t < expected.GetLength(0); t++)
        {
            for (int c = 0; c < expected.GetLength(1); c++)
            {
                Assert.Equal(expected[t, c], actual[t, c], 1e-4f);
            }
        }
    }
}

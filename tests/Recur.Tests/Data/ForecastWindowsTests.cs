using Recur.Data;
using Recur.Training;
using Xunit;

namespace Recur.Tests.Data;

/// <summary>The bridge from forecasting windows to the sequences and datasets the models take.</summary>
public sealed class ForecastWindowsTests
{
    /// <summary>T rows; column a = 100 + t, column b = 200 + t, column y = t, so every value names its row and column.</summary>
    private static TimeSeriesTable Series(int rows)
    {
        var values = new float[rows, 3];
        for (int t = 0; t < rows; t++)
        {
            values[t, 0] = 100 + t;
            values[t, 1] = 200 + t;
            values[t, 2] = t;
        }

        return new TimeSeriesTable(["a", "b", "y"], values, ["b", "y"], ["a", "y"]);
    }

    [Fact]
    public void InputSequencesAreTheWindowsAsSeparateCopies()
    {
        ForecastWindows w = Windowing.Create(Series(9), lookback: 3, horizon: 2, stride: 2);
        IReadOnlyList<Tensor> sequences = w.InputSequences();
        Assert.Equal(w.Count, sequences.Count);
        for (int i = 0; i < w.Count; i++)
        {
            Assert.Equal([3, 2], sequences[i].Shape);
            int s = w.Starts[i];
            Assert.Equal([100f + s, s, 101f + s, s + 1, 102f + s, s + 2], sequences[i].ToArray());
        }

        sequences[0].AsSpan()[0] = -1f;
        Assert.Equal(100f, w.Inputs.ToArray()[0]);
    }

    [Fact]
    public void ToDatasetFlattensTheTargetsHorizonMajor()
    {
        ForecastWindows w = Windowing.Create(Series(9), lookback: 3, horizon: 2, stride: 2);
        SequenceDataset data = w.ToDataset();
        Assert.Equal(SequenceTargetKind.SequenceValues, data.TargetKind);
        Assert.Equal(w.Count, data.Count);
        Assert.Equal(4, data.OutputSize);
        Assert.Equal(2, data.FeatureCount);
        for (int i = 0; i < w.Count; i++)
        {
            int t = w.TargetStart(i);
            // Step h, target k at h·K + k: (b_t, y_t, b_{t+1}, y_{t+1}).
            Assert.Equal([200f + t, t, 201f + t, t + 1], data.Values![i].ToArray());
            Assert.Equal(w.InputSequences()[i].ToArray(), data.Inputs[i].ToArray());
        }
    }

    [Fact]
    public void ToDatasetOfNoWindowsThrows()
    {
        ForecastWindowSplit parts = Windowing.Create(Series(12), lookback: 3, horizon: 1, stride: 1, new ChronologicalSplit(12, 0, 0));
        Assert.Empty(parts.Test.InputSequences());
        Assert.Throws<InvalidOperationException>(() => parts.Test.ToDataset());
    }
}

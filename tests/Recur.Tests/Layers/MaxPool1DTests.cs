using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.ExtraLayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class MaxPool1DTests
{
    /// <summary>Distinct values 0.1 apart in a shuffled order, so a finite-difference step never changes the arg-max.</summary>
    private static Tensor Separated(int batch, int time, int channels, bool requiresGrad = false)
    {
        int n = batch * time * channels;
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = 0.1f * ((i * 7919) % n) - 1f;
        }

        Tensor t = Tensor.FromArray(values, batch, time, channels);
        t.RequiresGrad = requiresGrad;
        return t;
    }

    [Theory]
    [InlineData(2, null, 7, 3)]
    [InlineData(3, 1, 7, 5)]
    [InlineData(3, 2, 8, 3)]
    [InlineData(2, 3, 8, 3)]
    public void ForwardMatchesLoop(int pool, int? stride, int time, int expectedTime)
    {
        var mp = new MaxPool1D(pool, stride);
        int s = stride ?? pool;
        Assert.Equal(s, mp.Stride);
        Tensor x = Tensor.Uniform(3, -1f, 1f, 2, time, 3);
        Tensor y = mp.Forward(new SequenceBatch(x)).Data;
        Assert.Equal([2, expectedTime, 3], y.Shape);
        for (int b = 0; b < 2; b++)
        {
            for (int j = 0; j < expectedTime; j++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float m = float.NegativeInfinity;
                    for (int t = j * s; t < j * s + pool; t++)
                    {
                        m = Math.Max(m, x[b, t, c]);
                    }

                    Assert.Equal(m, y[b, j, c]);
                }
            }
        }
    }

    [Fact]
    public void LengthsAreMappedAndPaddedStepsNeverWin()
    {
        var mp = new MaxPool1D(3, 2);
        // T = 9 → T' = 4; lengths 9 → 4, 6 → 2, 4 → 1, 2 → 1 (shorter than the window: one window over 2 steps).
        int[] lengths = [9, 6, 4, 2];
        Tensor x = Tensor.Uniform(5, -1f, 1f, 4, 9, 2);
        SequenceBatch a = mp.Forward(new SequenceBatch(x, lengths));
        Assert.Equal([4, 2, 1, 1], a.Lengths!);
        Assert.Equal([4, 2], mp.OutputShape([9, 2]));
        Assert.Equal([-1, 2], mp.OutputShape([-1, 2]));
        SequenceBatch b = mp.Forward(new SequenceBatch(WithPaddingChanged(x, lengths, 1e6f), lengths));
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        for (int s = 0; s < 4; s++)
        {
            for (int j = 0; j < 4; j++)
            {
                for (int c = 0; c < 2; c++)
                {
                    if (j >= a.Lengths![s])
                    {
                        Assert.Equal(0f, a.Data[s, j, c]);
                        continue;
                    }

                    float m = float.NegativeInfinity;
                    for (int t = 2 * j; t < Math.Min(2 * j + 3, lengths[s]); t++)
                    {
                        m = Math.Max(m, x[s, t, c]);
                    }

                    Assert.Equal(m, a.Data[s, j, c]);
                }
            }
        }
    }

    [Fact]
    public void GradientGoesToTheArgMax()
    {
        var mp = new MaxPool1D(2);
        Tensor x = Tensor.FromArray([1f, 5f, 3f, 2f, 0f, -1f, 4f, 4.5f], 1, 4, 2);
        x.RequiresGrad = true;
        mp.Forward(new SequenceBatch(x)).Data.Backward(Tensor.FromArray([10f, 20f, 30f, 40f], 1, 2, 2));
        // windows: steps 0–1 → channel 0 max 3 (step 1), channel 1 max 5 (step 0); steps 2–3 → 4 (step 3), 4.5 (step 3).
        Assert.Equal([0f, 20f, 10f, 0f, 0f, 0f, 30f, 40f], x.Grad!.ToArray());
    }

    [Theory]
    [InlineData(2, null)]
    [InlineData(3, 1)]
    [InlineData(2, 3)]
    public void GradientsMatchFiniteDifferences(int pool, int? stride)
    {
        var mp = new MaxPool1D(pool, stride);
        Tensor x = Separated(2, 7, 3, requiresGrad: true);
        GradCheck.Check(t => mp.Forward(new SequenceBatch(t[0], [7, 4])).Data, [x]);
        GradCheck.Check(t => mp.Forward(new SequenceBatch(t[0])).Data, [x]);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("poolSize", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool1D(0)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool1D(2, 0)).ParamName);
        var mp = new MaxPool1D(4);
        var shortT = Assert.Throws<ArgumentException>(() => mp.Forward(new SequenceBatch(Tensor.Zeros(1, 3, 2))));
        Assert.Equal("input", shortT.ParamName);
        Assert.Contains("T ≥ 4", shortT.Message);
        Assert.Contains("(1, 3, 2)", shortT.Message);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => mp.Forward(new SequenceBatch(Tensor.Zeros(1, 5, 2), [6]))).ParamName);
        Assert.Throws<ArgumentException>(() => mp.OutputShape([3, 2]));
    }

    [Fact]
    public void RoundTrip()
    {
        Layer rebuilt = AssertRoundTrip(new MaxPool1D(3, 2), new SequenceBatch(Tensor.Uniform(3, -1f, 1f, 2, 8, 2), [8, 5]));
        Assert.Equal(2, ((MaxPool1D)rebuilt).Stride);
        Layer byDefault = AssertRoundTrip(new MaxPool1D(2), new SequenceBatch(Tensor.Uniform(3, -1f, 1f, 2, 8, 2)));
        Assert.Equal(2, ((MaxPool1D)byDefault).Stride);
        Assert.Empty(byDefault.Parameters());
    }
}

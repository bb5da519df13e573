using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.ExtraLayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class Conv1DTests
{
    private static Conv1D Make(int cin, int cout, int k, int stride, Padding padding, int dilation, bool bias = true) =>
        new(cin, cout, k, stride, padding, dilation, bias, seed: 21);

    /// <summary>
    /// Direct convolution in double of a zero-padded copy of one sequence: x (T, C_in) with padLeft zeros before and
    /// enough after; output step t' = Σ w[o, c, k] · xp[t'·s + k·d, c].
    /// </summary>
    private static double[,] Direct(float[] x, int time, int cin, float[] w, float[]? bias, int cout, int k, int s, int d, int padLeft, int outTime)
    {
        var y = new double[outTime, cout];
        for (int t = 0; t < outTime; t++)
        {
            for (int o = 0; o < cout; o++)
            {
                double acc = bias?[o] ?? 0;
                for (int c = 0; c < cin; c++)
                {
                    for (int j = 0; j < k; j++)
                    {
                        int pos = t * s + j * d - padLeft;
                        if (pos >= 0 && pos < time)
                        {
                            acc += (double)w[(o * cin + c) * k + j] * x[pos * cin + c];
                        }
                    }
                }

                y[t, o] = acc;
            }
        }

        return y;
    }

    [Theory]
    [InlineData(Padding.Valid, 1, 1, 8, 0, 6)]
    [InlineData(Padding.Valid, 2, 2, 7, 0, 2)] // R = 5: ⌊(7 − 5)/2⌋ + 1
    [InlineData(Padding.Same, 1, 1, 9, 1, 9)]
    [InlineData(Padding.Same, 1, 2, 9, 2, 9)]
    [InlineData(Padding.Same, 2, 1, 9, 1, 5)] // total padding 4·2 + 3 − 9 = 2
    [InlineData(Padding.Same, 2, 1, 8, 0, 4)] // total padding 3·2 + 3 − 8 = 1, the extra one on the right
    [InlineData(Padding.Causal, 1, 1, 9, 2, 9)]
    [InlineData(Padding.Causal, 2, 2, 9, 4, 5)]
    public void ForwardMatchesDirectConvolution(Padding padding, int stride, int dilation, int time, int padLeft, int expectedTime)
    {
        Conv1D conv = Make(2, 3, 3, stride, padding, dilation);
        Tensor x = Tensor.Uniform(4, -1f, 1f, 2, time, 2);
        Tensor y = conv.Forward(new SequenceBatch(x)).Data;
        Assert.Equal([2, expectedTime, 3], y.Shape);
        float[] xs = x.ToArray();
        var expected = new List<double>();
        for (int b = 0; b < 2; b++)
        {
            double[,] r = Direct(xs[(b * time * 2)..((b + 1) * time * 2)], time, 2, conv.Weight.ToArray(), conv.Bias!.ToArray(),
                3, 3, stride, dilation, padLeft, expectedTime);
            foreach (double v in r)
            {
                expected.Add(v);
            }
        }

        AssertClose([.. expected], y.ToArray());
    }

    [Fact]
    public void HandComputedKernelInPyTorchLayout()
    {
        // weight (C_out = 1, C_in = 2, K = 2): channel 0 taps (1, 2), channel 1 taps (10, 20); bias 0.5.
        var conv = new Conv1D(2, 1, 2);
        new float[] { 1f, 2f, 10f, 20f }.CopyTo(conv.Weight.AsSpan());
        conv.Bias!.AsSpan()[0] = 0.5f;
        // x (1, 3, 2): steps (1, 0), (0, 1), (2, 3).
        Tensor x = Tensor.FromArray([1f, 0f, 0f, 1f, 2f, 3f], 1, 3, 2);
        float[] y = conv.Forward(new SequenceBatch(x)).Data.ToArray();
        // t'=0: 1·1 + 2·0 + 10·0 + 20·1 + 0.5 = 21.5; t'=1: 1·0 + 2·2 + 10·1 + 20·3 + 0.5 = 74.5
        Assert.Equal([21.5f, 74.5f], y);
    }

    [Fact]
    public void SameAndCausalEqualValidOnExplicitlyZeroPaddedInput()
    {
        Tensor x = Tensor.Uniform(6, -1f, 1f, 2, 7, 3);
        foreach ((Padding mode, int left, int right) in new[] { (Padding.Same, 2, 2), (Padding.Causal, 4, 0) })
        {
            Conv1D conv = Make(3, 2, 3, 1, mode, 2);
            Conv1D valid = Make(3, 2, 3, 1, Padding.Valid, 2);
            Tensor padded = Tensor.Concat(1, Tensor.Zeros(2, left, 3), x, Tensor.Zeros(2, right, 3));
            Tensor a = conv.Forward(new SequenceBatch(x)).Data;
            Tensor b = valid.Forward(new SequenceBatch(padded)).Data;
            Assert.Equal(b.Shape, a.Shape);
            AssertClose([.. b.ToArray().Select(static v => (double)v)], a.ToArray(), 1e-6);
        }
    }

    [Theory]
    [InlineData(Padding.Valid, new[] { 3, 2, 1 })]
    [InlineData(Padding.Same, new[] { 5, 4, 3 })]
    [InlineData(Padding.Causal, new[] { 5, 4, 3 })]
    public void OutputLengthsFollowTheDocumentedFormulas(Padding padding, int[] expected)
    {
        // K = 3, d = 2 (receptive field 5), s = 2; lengths 10, 7, 5 (T = 10).
        Conv1D conv = Make(1, 1, 3, 2, padding, 2);
        SequenceBatch y = conv.Forward(new SequenceBatch(Tensor.Uniform(1, -1f, 1f, 3, 10, 1), [10, 7, 5]));
        Assert.Equal(expected, y.Lengths);
        Assert.Equal(expected[0], y.Data.Shape[1]);
        Assert.Equal([expected[0], 1], conv.OutputShape([10, 1]));
        Assert.Equal([-1, 1], conv.OutputShape([-1, 1]));
        Assert.Null(conv.Forward(new SequenceBatch(Tensor.Zeros(1, 10, 1))).Lengths);
        Assert.Equal(expected, new[] { 10, 7, 5 }.Select(conv.OutputLength));
    }

    [Theory]
    [InlineData(Padding.Valid)]
    [InlineData(Padding.Same)]
    [InlineData(Padding.Causal)]
    public void PaddingNeverChangesValidOutputsAndStride1MatchesEachSequenceAlone(Padding padding)
    {
        Conv1D conv = Make(2, 3, 3, 1, padding, 1);
        int[] lengths = [6, 4, 3];
        Tensor x = Tensor.Uniform(8, -1f, 1f, 3, 6, 2);
        SequenceBatch a = conv.Forward(new SequenceBatch(x, lengths));
        SequenceBatch b = conv.Forward(new SequenceBatch(WithPaddingChanged(x, lengths, 50f), lengths));
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        int outTime = a.Data.Shape[1];
        for (int s = 0; s < 3; s++)
        {
            Tensor alone = x.Slice(0, s, 1).Slice(1, 0, lengths[s]);
            Tensor single = conv.Forward(new SequenceBatch(alone)).Data;
            int outLen = a.Lengths![s];
            Assert.Equal(single.Shape[1], outLen);
            for (int t = 0; t < outTime; t++)
            {
                for (int o = 0; o < 3; o++)
                {
                    float expected = t < outLen ? single[0, t, o] : 0f;
                    Assert.Equal(expected, a.Data[s, t, o], 5);
                }
            }
        }
    }

    [Theory]
    [InlineData(Padding.Valid, 1, 1, true)]
    [InlineData(Padding.Same, 2, 1, true)]
    [InlineData(Padding.Same, 1, 2, false)]
    [InlineData(Padding.Causal, 1, 2, true)]
    [InlineData(Padding.Causal, 2, 1, false)]
    public void GradientsMatchFiniteDifferences(Padding padding, int stride, int dilation, bool bias)
    {
        Conv1D conv = Make(2, 3, 3, stride, padding, dilation, bias);
        Tensor x = GradCheck.Leaf(31, -1f, 1f, 2, 7, 2);
        int[] lengths = [7, 5];
        Tensor[] inputs = bias ? [x, conv.Weight, conv.Bias!] : [x, conv.Weight];
        GradCheck.Check(t => conv.Forward(new SequenceBatch(t[0], lengths)).Data, inputs);
        GradCheck.Check(t => conv.Forward(new SequenceBatch(t[0])).Data, inputs);
    }

    [Fact]
    public void InitIsPyTorchUniformBoundAndDeterministic()
    {
        var a = new Conv1D(4, 5, 3, seed: 1);
        float bound = 1f / MathF.Sqrt(12);
        Assert.Equal([5, 4, 3], a.Weight.Shape);
        Assert.Equal([5], a.Bias!.Shape);
        Assert.All(a.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(a.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(a.Weight.ToArray().Max() > 0.8f * bound && a.Weight.ToArray().Min() < -0.8f * bound);
        Assert.Equal(a.Weight.ToArray(), new Conv1D(4, 5, 3, seed: 1).Weight.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), new Conv1D(4, 5, 3, seed: 2).Weight.ToArray());
        Assert.Equal(["weight", "bias"], a.NamedParameters().Select(static p => p.Name));
        Assert.Equal(["weight"], new Conv1D(4, 5, 3, bias: false).NamedParameters().Select(static p => p.Name));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("inChannels", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(0, 1, 1)).ParamName);
        Assert.Equal("outChannels", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(1, 0, 1)).ParamName);
        Assert.Equal("kernelSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(1, 1, 0)).ParamName);
        Assert.Equal("stride", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(1, 1, 1, stride: 0)).ParamName);
        Assert.Equal("dilation", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(1, 1, 1, dilation: 0)).ParamName);
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv1D(1, 1, 1, padding: (Padding)7)).ParamName);
        var conv = new Conv1D(2, 1, 3, dilation: 2);
        var shape = Assert.Throws<ArgumentException>(() => conv.Forward(new SequenceBatch(Tensor.Zeros(1, 6, 3))));
        Assert.Equal("input", shape.ParamName);
        Assert.Contains("(B, T, 2)", shape.Message);
        var shortSeq = Assert.Throws<ArgumentException>(() => conv.Forward(new SequenceBatch(Tensor.Zeros(2, 6, 2), [6, 4])));
        Assert.Equal("input", shortSeq.ParamName);
        Assert.Contains("sequence 1 has 4", shortSeq.Message);
        Assert.Contains("5", shortSeq.Message);
        Assert.Throws<ArgumentException>(() => conv.OutputShape([4, 2]));
    }

    [Fact]
    public void RoundTrip()
    {
        AssertRoundTrip(Make(2, 3, 3, 2, Padding.Causal, 2, bias: false), new SequenceBatch(Tensor.Uniform(3, -1f, 1f, 2, 9, 2), [9, 4]));
        AssertRoundTrip(Make(2, 3, 2, 1, Padding.Same, 1), new SequenceBatch(Tensor.Uniform(3, -1f, 1f, 2, 5, 2)));
        AssertRoundTrip(new Conv1D(2, 2, 2, seed: 99), new SequenceBatch(Tensor.Uniform(3, -1f, 1f, 1, 5, 2)));
    }
}

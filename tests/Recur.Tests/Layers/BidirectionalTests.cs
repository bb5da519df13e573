using Recur.Autograd;
using Recur.Layers;
using Recur.Modules;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class BidirectionalTests
{
    private const int I = 3;
    private const int H = 4;

    /// <summary>
    /// A wrapper whose forward copy has the built-in layer's forward weights and whose backward copy has its
    /// <c>_reverse</c> weights.
    /// </summary>
    private static (Bidirectional Wrapper, Lstm BuiltIn) Twins(OutputMode mode, bool batchFirstBuiltIn)
    {
        var builtIn = new Lstm(I, H, bidirectional: true, batchFirst: batchFirstBuiltIn, peepholes: true, seed: 31) { OutputMode = mode };
        var wrapper = new Bidirectional(new Lstm(I, H, peepholes: true, seed: 5) { OutputMode = mode });
        CopyParameters(builtIn, wrapper.ForwardLayer, name => name);
        CopyParameters(builtIn, wrapper.BackwardLayer, name => name + "_reverse");
        return (wrapper, builtIn);
    }

    [Theory]
    [InlineData(OutputMode.Sequence, false)]
    [InlineData(OutputMode.Sequence, true)]
    [InlineData(OutputMode.Last, false)]
    [InlineData(OutputMode.Last, true)]
    public void ConcatOfLstmCopiesEqualsTheBuiltInBidirectionalLstm(OutputMode mode, bool withLengths)
    {
        (Bidirectional wrapper, Lstm builtIn) = Twins(mode, batchFirstBuiltIn: withLengths);
        Tensor x = Batch(11, 3, 6, I);
        int[]? lengths = withLengths ? [6, 2, 4] : null;
        SequenceBatch expected = Run(builtIn, x, lengths);
        SequenceBatch actual = Run(wrapper, x, lengths);
        Assert.Equal(expected.Data.Shape, actual.Data.Shape);
        Assert.Equal(mode == OutputMode.Sequence ? [3, 6, 2 * H] : [3, 2 * H], actual.Data.Shape);
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(expected.Lengths, actual.Lengths);
        if (withLengths)
        {
            AssertPaddingInvariant(wrapper, x, lengths!, paddedZero: true);
        }
    }

    [Theory]
    [InlineData(MergeMode.Sum)]
    [InlineData(MergeMode.Multiply)]
    [InlineData(MergeMode.Average)]
    [InlineData(MergeMode.Concat)]
    public void MergeModesCombineTheTwoDirections(MergeMode merge)
    {
        var wrapper = new Bidirectional(new Gru(I, H, seed: 2), merge);
        Tensor x = Batch(12, 2, 5, I);
        int[] lengths = [3, 5];
        Tensor y = Run(wrapper, x, lengths).Data;

        // Independently: the forward copy on x; the backward copy on each sequence's valid part reversed, one sequence
        // at a time (no padding involved), its output reversed back.
        Tensor f = Run(wrapper.ForwardLayer, x, lengths).Data;
        for (int b = 0; b < 2; b++)
        {
            int len = lengths[b];
            int[] reversed = [.. Enumerable.Range(0, len).Reverse()];
            Tensor seq = x.Slice(0, b, 1).Slice(1, 0, len).IndexSelect(1, reversed);
            Tensor back = Run(wrapper.BackwardLayer, seq).Data.IndexSelect(1, reversed); // (1, len, H)
            for (int t = 0; t < 5; t++)
            {
                for (int j = 0; j < H; j++)
                {
                    float fv = f[b, t, j];
                    float bv = t < len ? back[0, t, j] : 0f;
                    float expected = merge switch
                    {
                        MergeMode.Sum => fv + bv,
                        MergeMode.Multiply => fv * bv,
                        MergeMode.Average => (fv + bv) * 0.5f,
                        _ => fv,
                    };
                    float actual = y[b, t, j];
                    Assert.True(MathF.Abs(expected - actual) <= 1e-6f, $"[{b}, {t}, {j}]: {expected} vs {actual}");
                    if (merge == MergeMode.Concat)
                    {
                        Assert.True(MathF.Abs(bv - y[b, t, H + j]) <= 1e-6f, $"[{b}, {t}, {H + j}]: {bv} vs {y[b, t, H + j]}");
                    }
                }
            }
        }

        Assert.Equal(merge == MergeMode.Concat ? [-1, 2 * H] : [-1, H], wrapper.OutputShape([-1, I]));
    }

    [Fact]
    public void BackwardCopyHasItsOwnWeightsAndNames()
    {
        var wrapper = new Bidirectional(new Dense(I, 2, seed: 9));
        Assert.Equal(["forward.weight", "forward.bias", "backward.weight", "backward.bias"], wrapper.StateDict().Keys);
        Assert.NotEqual(((Dense)wrapper.ForwardLayer).Weight.ToArray(), ((Dense)wrapper.BackwardLayer).Weight.ToArray());
        var lstm = new Bidirectional(new Lstm(I, H));
        Assert.NotEqual(lstm.ForwardLayer.Parameters().First().ToArray(), lstm.BackwardLayer.Parameters().First().ToArray());
    }

    [Fact]
    public void OutputModeChangedAfterWrappingIsFollowed()
    {
        var lstm = new Lstm(I, H);
        var wrapper = new Bidirectional(lstm);
        lstm.OutputMode = OutputMode.Last;
        Assert.Equal([2, 2 * H], Run(wrapper, Batch(1, 2, 3, I)).Data.Shape);
    }

    [Theory]
    [InlineData(MergeMode.Concat, OutputMode.Sequence)]
    [InlineData(MergeMode.Multiply, OutputMode.Last)]
    [InlineData(MergeMode.Average, OutputMode.Sequence)]
    public void GradientsMatchFiniteDifferences(MergeMode merge, OutputMode mode)
    {
        var wrapper = new Bidirectional(new Lstm(2, 3, seed: 4) { OutputMode = mode }, merge);
        Tensor x = GradCheck.Leaf(13, -1f, 1f, 2, 3, 2);
        int[] lengths = [2, 3];
        GradCheck.Check(ins => wrapper.Forward(new SequenceBatch(ins[0], lengths)).Data, [x, .. wrapper.Parameters()], eps: 2e-3f, rtol: 2e-2, atol: 2e-3);
        Assert.Equal(0f, x.Grad![0, 2, 1]);
    }

    [Fact]
    public void RegistryRoundTrip()
    {
        var wrapper = new Bidirectional(new Gru(I, H, numLayers: 2, seed: 8) { OutputMode = OutputMode.Last }, MergeMode.Sum);
        LayerConfig config = wrapper.GetConfig();
        Assert.Equal("Bidirectional", config.Type);
        Assert.Equal("Sum", (string)config.Arguments["merge"]!);
        Assert.Equal("Gru", Assert.Single(config.Children).Type);
        var copy = (Bidirectional)AssertRoundTrip(wrapper, Batch(3, 3, 4, I), [4, 1, 2]);
        Assert.Equal(MergeMode.Sum, copy.Merge);

        // A fresh rebuild has the same initial weights on both copies (the backward seed is derived deterministically).
        var fresh = (Bidirectional)LayerRegistry.Create(ThroughJson(new Bidirectional(new Lstm(I, H, seed: 3)).GetConfig()));
        var original = new Bidirectional(new Lstm(I, H, seed: 3));
        Assert.Equal(original.Parameters().SelectMany(p => p.ToArray()), fresh.Parameters().SelectMany(p => p.ToArray()));
    }

    [Fact]
    public void ArgumentErrors()
    {
        Assert.Equal("merge", Assert.Throws<ArgumentOutOfRangeException>(() => new Bidirectional(new Lstm(I, H), (MergeMode)7)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new Bidirectional(null!));
        var e = Assert.Throws<ArgumentException>(() => Run(new Bidirectional(new Dense(I, 2)), Tensor.Zeros(2, I)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("Bidirectional(Dense(3, 2), Concat)", e.Message, StringComparison.Ordinal);
        var bad = new Bidirectional(new Lstm(I, H)).GetConfig();
        var noChild = new LayerConfig(bad.Type, bad.Arguments);
        Assert.Contains("child", Assert.Throws<ArgumentException>(() => LayerRegistry.Create(noChild)).Message, StringComparison.Ordinal);
    }
}

using Recur.Autograd;
using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class SequenceInputTests
{
    // Two sequences of 2 features: feature 0 takes 1, 2, 3 | 5; feature 1 takes 10, 10, 10 | 10 (constant).
    private static readonly Tensor SeqA = Tensor.FromArray([1f, 10f, 2f, 10f, 3f, 10f], 3, 2);
    private static readonly Tensor SeqB = Tensor.FromArray([5f, 10f], 1, 2);

    /// <summary>The same data as a padded batch (B = 2, T = 3) with junk in the padding.</summary>
    private static Tensor PaddedBatch() => Tensor.FromArray([1f, 10f, 2f, 10f, 3f, 10f, 5f, 10f, -70f, 99f, 123f, -4f], 2, 3, 2);

    [Fact]
    public void ZScoreUsesMeanAndPopulationStd()
    {
        var layer = new SequenceInput(2, Normalization.ZScore);
        Assert.False(layer.IsFitted);
        layer.FitStatistics([SeqA, SeqB]);
        Assert.True(layer.IsFitted);
        double mean = (1 + 2 + 3 + 5) / 4.0;
        double std = Math.Sqrt((Math.Pow(1 - mean, 2) + Math.Pow(2 - mean, 2) + Math.Pow(3 - mean, 2) + Math.Pow(5 - mean, 2)) / 4.0);
        Assert.Equal((float)mean, layer.Mean![0]);
        Assert.Equal((float)std, layer.Std![0], 6);
        Assert.Equal(10f, layer.Mean[1]);
        Assert.Equal(1f, layer.Std[1]); // σ = 0 is treated as 1

        SequenceBatch y = Run(layer, PaddedBatch(), [3, 1]);
        Assert.Equal((float)((2 - mean) / std), y.Data[0, 1, 0], 5);
        Assert.Equal((float)((5 - mean) / std), y.Data[1, 0, 0], 5);
        Assert.Equal(0f, y.Data[0, 2, 1]); // the constant feature becomes x − μ = 0
        Assert.Equal(0f, y.Data[1, 1, 0]); // padded steps are zero
        Assert.Equal(0f, y.Data[1, 2, 1]);
    }

    [Theory]
    [InlineData(Normalization.MinMax)]
    [InlineData(Normalization.RescaleSymmetric)]
    public void MinMaxModesRescaleTheObservedRange(Normalization mode)
    {
        var layer = new SequenceInput(2, mode);
        layer.FitStatistics([SeqA, SeqB]);
        Assert.Equal([1f, 10f], layer.Min!.ToArray());
        Assert.Equal([5f, 10f], layer.Max!.ToArray());
        SequenceBatch y = Run(layer, PaddedBatch(), [3, 1]);
        float Expected(float x, float min, float max)
        {
            float width = max == min ? 1f : max - min;
            float unit = (x - min) / width;
            return mode == Normalization.MinMax ? unit : (2f * unit) - 1f;
        }

        Assert.Equal(Expected(1f, 1f, 5f), y.Data[0, 0, 0], 6);
        Assert.Equal(Expected(3f, 1f, 5f), y.Data[0, 2, 0], 6);
        Assert.Equal(Expected(5f, 1f, 5f), y.Data[1, 0, 0], 6);
        Assert.Equal(Expected(10f, 10f, 10f), y.Data[0, 1, 1], 6); // max = min: the range counts as 1
        Assert.Equal(0f, y.Data[1, 2, 0]);
    }

    [Theory]
    [InlineData(Normalization.ZScore)]
    [InlineData(Normalization.MinMax)]
    [InlineData(Normalization.RescaleSymmetric)]
    public void PaddedBatchFitIgnoresPaddingAndEqualsSequenceFit(Normalization mode)
    {
        var fromSequences = new SequenceInput(2, mode);
        fromSequences.FitStatistics([SeqA, SeqB]);
        var fromBatch = new SequenceInput(2, mode);
        fromBatch.FitStatistics(PaddedBatch(), [3, 1]);
        foreach (((string name, Tensor a), (_, Tensor b)) in fromSequences.NamedBuffers().Zip(fromBatch.NamedBuffers()))
        {
            Assert.True(a.ToArray().SequenceEqual(b.ToArray()), name);
        }

        var noLengths = new SequenceInput(2, mode);
        noLengths.FitStatistics(PaddedBatch(), null);
        Assert.NotEqual(fromBatch.NamedBuffers().First().Buffer.ToArray(), noLengths.NamedBuffers().First().Buffer.ToArray());
        AssertPaddingInvariant(fromBatch, Batch(3, 3, 4, 2), [4, 1, 2], paddedZero: true);
    }

    [Fact]
    public void NoNormalizationPassesTheInputAndIsAlwaysFitted()
    {
        var layer = new SequenceInput(3);
        Assert.True(layer.IsFitted);
        Assert.Empty(layer.NamedBuffers());
        Tensor x = Batch(1, 2, 4, 3);
        Assert.Same(x, Run(layer, x).Data);
    }

    [Fact]
    public void StatisticsTravelInTheStateDict()
    {
        var layer = new SequenceInput(2, Normalization.ZScore);
        layer.FitStatistics([SeqA, SeqB]);
        Assert.Equal(["mean", "std", "fitted"], layer.StateDict().Keys);
        var copy = (SequenceInput)AssertRoundTrip(layer, PaddedBatch(), [3, 1]);
        Assert.True(copy.IsFitted);
        Assert.Equal(layer.Mean!.ToArray(), copy.Mean!.ToArray());
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var layer = new SequenceInput(3, Normalization.RescaleSymmetric);
        layer.FitStatistics(Batch(4, 2, 5, 3), null);
        Tensor x = GradCheck.Leaf(5, -1f, 1f, 2, 4, 3);
        GradCheck.Check(ins => layer.Forward(new SequenceBatch(ins[0], [4, 2])).Data, [x]);
        Assert.Equal(0f, x.Grad![1, 3, 2]);
        var z = new SequenceInput(3, Normalization.ZScore);
        z.FitStatistics(Batch(4, 2, 5, 3), null);
        GradCheck.Check(ins => z.Forward(new SequenceBatch(ins[0])).Data, [x]);
    }

    [Fact]
    public void ErrorsNameTheLayerArgumentAndShapes()
    {
        var layer = new SequenceInput(4, Normalization.ZScore);
        var notFitted = Assert.Throws<InvalidOperationException>(() => Run(layer, Tensor.Zeros(1, 2, 4)));
        Assert.Contains("FitStatistics", notFitted.Message, StringComparison.Ordinal);
        layer.FitStatistics(Batch(1, 2, 3, 4), null);
        var e = Assert.Throws<ArgumentException>(() => Run(layer, Tensor.Zeros(1, 2, 5)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("SequenceInput(4, ZScore)", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 features", e.Message, StringComparison.Ordinal);
        Assert.Contains("(1, 2, 5)", e.Message, StringComparison.Ordinal);
        Assert.Contains("5 features", e.Message, StringComparison.Ordinal);
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceInput(0)).ParamName);
        Assert.Equal("normalization", Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceInput(2, (Normalization)42)).ParamName);
        Assert.Equal("sequences", Assert.Throws<ArgumentException>(() => layer.FitStatistics([])).ParamName);
        var wrong = Assert.Throws<ArgumentException>(() => layer.FitStatistics([Tensor.Zeros(3, 4), Tensor.Zeros(3, 2)]));
        Assert.Equal("sequences", wrong.ParamName);
        Assert.Contains("sequences[1]", wrong.Message, StringComparison.Ordinal);
        Assert.Equal("batch", Assert.Throws<ArgumentException>(() => layer.FitStatistics(Tensor.Zeros(2, 4), null)).ParamName);
        Assert.Equal("lengths", Assert.ThrowsAny<ArgumentException>(() => layer.FitStatistics(Tensor.Zeros(2, 3, 4), [1, 4])).ParamName);
    }

    [Fact]
    public void OutputShapeAndConfig()
    {
        var layer = new SequenceInput(6, Normalization.MinMax);
        Assert.Equal([-1, 6], layer.OutputShape([-1, 6]));
        Assert.Equal("inputShape", Assert.Throws<ArgumentException>(() => layer.OutputShape([-1, 5])).ParamName);
        LayerConfig c = layer.GetConfig();
        Assert.Equal("SequenceInput", c.Type);
        Assert.Equal(6, (int)c.Arguments["features"]!);
        Assert.Equal("MinMax", (string)c.Arguments["normalization"]!);
        var rebuilt = (SequenceInput)LayerRegistry.Create(ThroughJson(c));
        Assert.Equal((6, Normalization.MinMax), (rebuilt.Features, rebuilt.Normalization));
        Assert.False(rebuilt.IsFitted);
    }
}

using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.ExtraLayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class EmbeddingTests
{
    [Fact]
    public void ForwardLooksUpRows()
    {
        var emb = new Embedding(5, 3, seed: 9);
        Tensor ids = Tensor.FromArray([4f, 0f, 4f, 2f, 1f, 3f], 2, 3);
        SequenceBatch y = emb.Forward(new SequenceBatch(ids));
        Assert.Equal([2, 3, 3], y.Data.Shape);
        float[] w = emb.Weight.ToArray();
        int[] expected = [4, 0, 4, 2, 1, 3];
        for (int p = 0; p < expected.Length; p++)
        {
            for (int d = 0; d < 3; d++)
            {
                Assert.Equal(w[expected[p] * 3 + d], y.Data[p / 3, p % 3, d]);
            }
        }

        // (B, T, 1) ids give the same result.
        Assert.Equal(y.Data.ToArray(), emb.Forward(new SequenceBatch(ids.Reshape(2, 3, 1))).Data.ToArray());
    }

    [Fact]
    public void InitIsStandardNormalSeededAndPaddingRowIsZero()
    {
        var a = new Embedding(1000, 16, seed: 1);
        float[] w = a.Weight.ToArray();
        double mean = w.Average(static v => (double)v);
        double std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(std, 0.97, 1.03);
        Assert.Equal(w, new Embedding(1000, 16, seed: 1).Weight.ToArray());
        Assert.NotEqual(w, new Embedding(1000, 16, seed: 2).Weight.ToArray());
        var padded = new Embedding(10, 4, paddingIndex: 7, seed: 1);
        Assert.All(Enumerable.Range(0, 4), d => Assert.Equal(0f, padded.Weight[7, d]));
        Assert.NotEqual(0f, padded.Weight[6, 0]);
        Assert.Equal([10, 4], padded.Weight.Shape);
        Assert.Equal(["weight"], padded.NamedParameters().Select(static p => p.Name));
    }

    [Fact]
    public void GradientAccumulatesRepeatedIdsAndSkipsPaddingRow()
    {
        var emb = new Embedding(6, 2, paddingIndex: 0, seed: 4);
        Tensor ids = Tensor.FromArray([2f, 2f, 0f, 5f, 2f, 0f, 9f, -3.5f], 2, 4);
        int[] lengths = [4, 2];
        Tensor g = Tensor.Uniform(8, -1f, 1f, 2, 4, 2);
        emb.Forward(new SequenceBatch(ids, lengths)).Data.Backward(g);
        var expected = new double[12];
        float[] idv = ids.ToArray();
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < lengths[b]; t++)
            {
                int id = (int)idv[b * 4 + t];
                if (id == 0)
                {
                    continue;
                }

                for (int d = 0; d < 2; d++)
                {
                    expected[id * 2 + d] += g[b, t, d];
                }
            }
        }

        AssertClose(expected, emb.Weight.Grad!.ToArray(), 1e-6);
        Assert.Equal(0f, emb.Weight.Grad![0, 0]);
        Assert.NotEqual(0f, emb.Weight.Grad![2, 0]);
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var emb = new Embedding(4, 3, seed: 2);
        Tensor ids = Tensor.FromArray([1f, 3f, 1f, 0f, 2f, 2f], 2, 3);
        GradCheck.Check(t => emb.Forward(new SequenceBatch(ids, [3, 2])).Data, [emb.Weight]);
    }

    [Fact]
    public void PaddedStepsAreNotReadAndGiveZeros()
    {
        var emb = new Embedding(5, 2, seed: 3);
        int[] lengths = [1, 3];
        Tensor ids = Tensor.FromArray([3f, 0f, 0f, 1f, 2f, 4f], 2, 3);
        Tensor junk = Tensor.FromArray([3f, 99f, -7.25f, 1f, 2f, 4f], 2, 3);
        SequenceBatch a = emb.Forward(new SequenceBatch(ids, lengths));
        SequenceBatch b = emb.Forward(new SequenceBatch(junk, lengths));
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        Assert.Same(lengths, b.Lengths);
        Assert.Equal([0f, 0f, 0f, 0f], a.Data.ToArray()[2..6]);
    }

    [Fact]
    public void BadIdsNameThePositionAndValue()
    {
        var emb = new Embedding(5, 2);
        var range = Assert.Throws<ArgumentOutOfRangeException>(
            () => emb.Forward(new SequenceBatch(Tensor.FromArray([1f, 2f, 3f, 5f], 2, 2))));
        Assert.Equal("input", range.ParamName);
        Assert.Contains("batch 1, step 1", range.Message);
        Assert.Contains("got 5", range.Message);
        Assert.Contains("[0, 5)", range.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(
            () => emb.Forward(new SequenceBatch(Tensor.FromArray([-1f, 2f], 1, 2))));
        Assert.Contains("batch 0, step 0", negative.Message);
        var fraction = Assert.Throws<ArgumentException>(
            () => emb.Forward(new SequenceBatch(Tensor.FromArray([1f, 2.5f], 1, 2))));
        Assert.Equal("input", fraction.ParamName);
        Assert.Contains("batch 0, step 1", fraction.Message);
        Assert.Contains("2.5", fraction.Message);
        Assert.Contains("integer", fraction.Message);
        var shape = Assert.Throws<ArgumentException>(() => emb.Forward(new SequenceBatch(Tensor.Zeros(2, 3, 2))));
        Assert.Equal("input", shape.ParamName);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("numEmbeddings", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(0, 3)).ParamName);
        Assert.Equal("embeddingDim", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 0)).ParamName);
        Assert.Equal("paddingIndex", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 2, 3)).ParamName);
        Assert.Equal("paddingIndex", Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 2, -1)).ParamName);
    }

    [Fact]
    public void OutputShapeAndRoundTrip()
    {
        var emb = new Embedding(7, 4, paddingIndex: 2, seed: 5);
        Assert.Equal([10, 4], emb.OutputShape([10]));
        Assert.Equal([-1, 4], emb.OutputShape([-1, 1]));
        Assert.Throws<ArgumentException>(() => emb.OutputShape([10, 2]));
        Randomize(emb.Weight, 77);
        Layer rebuilt = AssertRoundTrip(emb, new SequenceBatch(Tensor.FromArray([1f, 6f, 2f, 0f, 3f, 5f], 2, 3), [3, 2]));
        Assert.Equal(2, ((Embedding)rebuilt).PaddingIndex);
        AssertRoundTrip(new Embedding(3, 2, seed: ulong.MaxValue), new SequenceBatch(Tensor.FromArray([1f, 2f], 1, 2)));
    }
}

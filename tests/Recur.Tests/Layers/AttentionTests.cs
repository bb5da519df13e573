using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.ExtraLayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class AttentionTests
{
    private static Attention Make(AttentionKind kind, int features, int? attentionSize = null, int? queryFeatures = null)
    {
        var att = new Attention(features, kind, attentionSize, queryFeatures, seed: 17);
        ulong seed = 100;
        foreach (Tensor p in att.Parameters())
        {
            Randomize(p, seed++);
        }

        return att;
    }

    /// <summary>α = softmax of score(b, t) over t &lt; L (0 after), context = Σ α_t values[b, t] — in double.</summary>
    private static (double[] Context, double[] Alpha) Reference(Func<int, int, double> score, Tensor values, int[]? lengths)
    {
        int batch = values.Shape[0];
        int time = values.Shape[1];
        int width = values.Shape[2];
        var ctx = new double[batch * width];
        var alpha = new double[batch * time];
        for (int b = 0; b < batch; b++)
        {
            int valid = lengths?[b] ?? time;
            var e = new double[valid];
            for (int t = 0; t < valid; t++)
            {
                e[t] = score(b, t);
            }

            double max = e.Max();
            double sum = e.Sum(v => Math.Exp(v - max));
            for (int t = 0; t < valid; t++)
            {
                alpha[b * time + t] = Math.Exp(e[t] - max) / sum;
                for (int i = 0; i < width; i++)
                {
                    ctx[b * width + i] += alpha[b * time + t] * values[b, t, i];
                }
            }
        }

        return (ctx, alpha);
    }

    private static double Additive(Attention att, Tensor keys, int b, int t, Tensor? query)
    {
        double e = 0;
        for (int a = 0; a < att.AttentionSize; a++)
        {
            double pre = att.Bias![a];
            for (int f = 0; f < att.Features; f++)
            {
                pre += (double)att.Weight![a, f] * keys[b, t, f];
            }

            if (query is not null)
            {
                for (int i = 0; i < att.QueryFeatures; i++)
                {
                    pre += (double)att.QueryWeight![a, i] * query[b, i];
                }
            }

            e += att.V![a] * Math.Tanh(pre);
        }

        return e;
    }

    private static double Dot(Tensor query, bool shared, Tensor keys, int b, int t)
    {
        int k = keys.Shape[2];
        double e = 0;
        for (int i = 0; i < k; i++)
        {
            e += (double)(shared ? query[i] : query[b, i]) * keys[b, t, i];
        }

        return e / Math.Sqrt(k);
    }

    [Theory]
    [InlineData(AttentionKind.Additive, false)]
    [InlineData(AttentionKind.Additive, true)]
    [InlineData(AttentionKind.ScaledDotProduct, false)]
    [InlineData(AttentionKind.ScaledDotProduct, true)]
    public void PoolingMatchesReference(AttentionKind kind, bool withLengths)
    {
        Attention att = Make(kind, 4, kind == AttentionKind.Additive ? 3 : null);
        Tensor h = Tensor.Uniform(9, -2f, 2f, 3, 5, 4);
        int[]? lengths = withLengths ? [5, 2, 1] : null;
        SequenceBatch y = att.Forward(new SequenceBatch(h, lengths));
        Assert.Equal([3, 4], y.Data.Shape);
        Assert.Null(y.Lengths);
        Assert.False(y.HasTime);
        (double[] ctx, double[] alpha) = kind == AttentionKind.Additive
            ? Reference((b, t) => Additive(att, h, b, t, null), h, lengths)
            : Reference((b, t) => Dot(att.Query!, true, h, b, t), h, lengths);
        AssertClose(ctx, y.Data.ToArray());
        AssertClose(alpha, att.LastWeights!.ToArray());
    }

    [Theory]
    [InlineData(AttentionKind.Additive)]
    [InlineData(AttentionKind.ScaledDotProduct)]
    public void AttendMatchesReference(AttentionKind kind)
    {
        bool additive = kind == AttentionKind.Additive;
        Attention att = additive ? Make(kind, 4, 3, queryFeatures: 2) : Make(kind, 4);
        int k = additive ? 4 : 3;
        Tensor query = Tensor.Uniform(1, -1f, 1f, 2, additive ? 2 : 3);
        Tensor keys = Tensor.Uniform(2, -1.5f, 1.5f, 2, 4, k);
        Tensor values = Tensor.Uniform(3, -1f, 1f, 2, 4, 5);
        int[] lengths = [3, 4];
        Tensor ctx = att.Attend(query, keys, values, lengths);
        Assert.Equal([2, 5], ctx.Shape);
        (double[] expected, double[] alpha) = additive
            ? Reference((b, t) => Additive(att, keys, b, t, query), values, lengths)
            : Reference((b, t) => Dot(query, false, keys, b, t), values, lengths);
        AssertClose(expected, ctx.ToArray());
        AssertClose(alpha, att.LastWeights!.ToArray());
    }

    [Theory]
    [InlineData(AttentionKind.Additive)]
    [InlineData(AttentionKind.ScaledDotProduct)]
    public void WeightsSumToOneOverValidStepsAndAreExactlyZeroOnPadding(AttentionKind kind)
    {
        Attention att = Make(kind, 3);
        Assert.Null(att.LastWeights);
        int[] lengths = [4, 1, 3];
        Tensor h = Tensor.Uniform(4, -3f, 3f, 3, 4, 3);
        h.RequiresGrad = true;
        att.Forward(new SequenceBatch(h, lengths));
        Tensor w = att.LastWeights!;
        Assert.Equal([3, 4], w.Shape);
        Assert.False(w.RequiresGrad);
        Assert.True(w.IsLeaf);
        for (int b = 0; b < 3; b++)
        {
            double sum = 0;
            for (int t = 0; t < 4; t++)
            {
                if (t < lengths[b])
                {
                    Assert.True(w[b, t] > 0f);
                    sum += w[b, t];
                }
                else
                {
                    Assert.Equal(0f, w[b, t]);
                }
            }

            Assert.Equal(1.0, sum, 6);
        }

        Assert.Equal(1f, w[1, 0]);
    }

    [Theory]
    [InlineData(AttentionKind.Additive)]
    [InlineData(AttentionKind.ScaledDotProduct)]
    public void ChangingPaddedValuesChangesNothing(AttentionKind kind)
    {
        Attention att = Make(kind, 3);
        int[] lengths = [2, 4, 3];
        Tensor h = Tensor.Uniform(6, -1f, 1f, 3, 4, 3);
        Tensor other = WithPaddingChanged(h, lengths, 40f);
        (float[] y, float[] w, float[][] grads) Run(Tensor x)
        {
            att.ZeroGrad();
            Tensor y = att.Forward(new SequenceBatch(x, lengths)).Data;
            y.Sum().Backward();
            return (y.ToArray(), att.LastWeights!.ToArray(), [.. att.Parameters().Select(static p => p.Grad?.ToArray() ?? [])]);
        }

        var a = Run(h);
        var b = Run(other);
        Assert.Equal(a.y, b.y);
        Assert.Equal(a.w, b.w);
        Assert.Equal(a.grads, b.grads);

        // The same for Attend with padded keys and values.
        Tensor q = Tensor.Uniform(7, -1f, 1f, 3, 3);
        Tensor va = Tensor.Uniform(8, -1f, 1f, 3, 4, 2);
        Tensor ca = att.Attend(q, h, va, lengths);
        Tensor cb = att.Attend(q, other, WithPaddingChanged(va, lengths, -9f), lengths);
        Assert.Equal(ca.ToArray(), cb.ToArray());
    }

    [Theory]
    [InlineData(AttentionKind.Additive, true)]
    [InlineData(AttentionKind.Additive, false)]
    [InlineData(AttentionKind.ScaledDotProduct, true)]
    [InlineData(AttentionKind.ScaledDotProduct, false)]
    public void PoolingGradientsMatchFiniteDifferences(AttentionKind kind, bool withLengths)
    {
        Attention att = Make(kind, 3, kind == AttentionKind.Additive ? 4 : null);
        Tensor h = GradCheck.Leaf(12, -1f, 1f, 2, 4, 3);
        int[]? lengths = withLengths ? [4, 2] : null;
        Tensor[] inputs = kind == AttentionKind.Additive
            ? [h, att.Weight!, att.Bias!, att.V!]
            : [h, att.Query!];
        GradCheck.Check(t => att.Forward(new SequenceBatch(t[0], lengths)).Data, inputs);
    }

    [Theory]
    [InlineData(AttentionKind.Additive)]
    [InlineData(AttentionKind.ScaledDotProduct)]
    public void AttendGradientsMatchFiniteDifferences(AttentionKind kind)
    {
        bool additive = kind == AttentionKind.Additive;
        Attention att = additive ? Make(kind, 3, 4, queryFeatures: 2) : Make(kind, 3);
        Tensor query = GradCheck.Leaf(1, -1f, 1f, 2, additive ? 2 : 3);
        Tensor keys = GradCheck.Leaf(2, -1f, 1f, 2, 5, 3);
        Tensor values = GradCheck.Leaf(3, -1f, 1f, 2, 5, 2);
        int[] lengths = [3, 5];
        Tensor[] inputs = additive
            ? [query, keys, values, att.Weight!, att.QueryWeight!, att.Bias!, att.V!]
            : [query, keys, values];
        GradCheck.Check(t => att.Attend(t[0], t[1], t[2], lengths), inputs);
        // Keys and values may be the same tensor (self-attention over encoder states).
        Tensor shared = GradCheck.Leaf(4, -1f, 1f, 2, 5, 3);
        GradCheck.Check(t => att.Attend(t[0], t[1], t[1], null), [query, shared]);
    }

    [Fact]
    public void ParametersAndShapes()
    {
        var add = new Attention(6, AttentionKind.Additive, attentionSize: 4, queryFeatures: 5);
        Assert.Equal(["weight", "bias", "v", "queryWeight"], add.NamedParameters().Select(static p => p.Name));
        Assert.Equal([4, 6], add.Weight!.Shape);
        Assert.Equal([4], add.Bias!.Shape);
        Assert.Equal([4], add.V!.Shape);
        Assert.Equal([4, 5], add.QueryWeight!.Shape);
        Assert.Equal(6, new Attention(6).AttentionSize);
        var dot = new Attention(6, AttentionKind.ScaledDotProduct);
        Assert.Equal(["query"], dot.NamedParameters().Select(static p => p.Name));
        Assert.Equal([6], dot.Query!.Shape);
        Assert.Equal([6], add.OutputShape([10, 6]));
        Assert.Equal([6], add.OutputShape([-1, 6]));
        Assert.Throws<ArgumentException>(() => add.OutputShape([10, 5]));
        Assert.Throws<ArgumentException>(() => add.OutputShape([6]));
        float bound = 1f / MathF.Sqrt(6);
        Assert.All(add.Weight!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Equal(add.Weight!.ToArray(), new Attention(6, AttentionKind.Additive, 4, 5).Weight!.ToArray());
        Assert.NotEqual(add.Weight!.ToArray(), new Attention(6, AttentionKind.Additive, 4, 5, seed: 1).Weight!.ToArray());
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => new Attention(0)).ParamName);
        Assert.Equal("kind", Assert.Throws<ArgumentOutOfRangeException>(() => new Attention(3, (AttentionKind)5)).ParamName);
        Assert.Equal("attentionSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Attention(3, attentionSize: 0)).ParamName);
        Assert.Equal("queryFeatures", Assert.Throws<ArgumentOutOfRangeException>(() => new Attention(3, queryFeatures: 0)).ParamName);
        Assert.Equal("attentionSize",
            Assert.Throws<ArgumentException>(() => new Attention(3, AttentionKind.ScaledDotProduct, attentionSize: 2)).ParamName);
        Assert.Equal("queryFeatures",
            Assert.Throws<ArgumentException>(() => new Attention(3, AttentionKind.ScaledDotProduct, queryFeatures: 2)).ParamName);

        var add = new Attention(3, queryFeatures: 2);
        var input = Assert.Throws<ArgumentException>(() => add.Forward(new SequenceBatch(Tensor.Zeros(2, 3))));
        Assert.Equal("input", input.ParamName);
        Assert.Contains("(B, T, 3)", input.Message);
        Tensor keys = Tensor.Zeros(2, 4, 3);
        Tensor values = Tensor.Zeros(2, 4, 5);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => add.Attend(Tensor.Zeros(2, 3), keys, values, null)).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentException>(() => add.Attend(Tensor.Zeros(2, 2), Tensor.Zeros(2, 4, 2), values, null)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => add.Attend(Tensor.Zeros(2, 2), keys, Tensor.Zeros(2, 3, 5), null)).ParamName);
        Assert.Equal("lengths", Assert.Throws<ArgumentException>(() => add.Attend(Tensor.Zeros(2, 2), keys, values, [1, 0])).ParamName);
        var dot = new Attention(3, AttentionKind.ScaledDotProduct);
        var mismatch = Assert.Throws<ArgumentException>(() => dot.Attend(Tensor.Zeros(2, 3), Tensor.Zeros(2, 4, 5), values, null));
        Assert.Equal("query", mismatch.ParamName);
        Assert.Contains("(2, 5)", mismatch.Message);
    }

    [Fact]
    public void RoundTrip()
    {
        Tensor h = Tensor.Uniform(3, -1f, 1f, 2, 5, 4);
        Layer add = AssertRoundTrip(Make(AttentionKind.Additive, 4, 6, 3), new SequenceBatch(h, [5, 2]));
        Assert.Equal(6, ((Attention)add).AttentionSize);
        Assert.Equal(3, ((Attention)add).QueryFeatures);
        Layer dot = AssertRoundTrip(Make(AttentionKind.ScaledDotProduct, 4), new SequenceBatch(h, [1, 5]));
        Assert.Equal(AttentionKind.ScaledDotProduct, ((Attention)dot).Kind);
        Assert.Equal("scaledDotProduct", dot.GetConfig().Arguments["kind"]!.GetValue<string>());
    }
}

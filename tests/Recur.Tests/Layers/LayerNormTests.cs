using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.ExtraLayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class LayerNormTests
{
    private static LayerNorm Make(int features, float epsilon = 1e-5f, bool affine = true, ulong seed = 3)
    {
        var ln = new LayerNorm(features, epsilon, affine);
        if (affine)
        {
            Randomize(ln.Weight!, seed, 0.5f, 1.5f);
            Randomize(ln.Bias!, seed + 1);
        }

        return ln;
    }

    /// <summary>PyTorch semantics in double: biased variance, ε inside the square root.</summary>
    private static double[] Reference(float[] x, int features, float[]? w, float[]? b, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / features; r++)
        {
            double mean = 0;
            for (int f = 0; f < features; f++)
            {
                mean += x[r * features + f];
            }

            mean /= features;
            double var = 0;
            for (int f = 0; f < features; f++)
            {
                double d = x[r * features + f] - mean;
                var += d * d;
            }

            var /= features;
            for (int f = 0; f < features; f++)
            {
                double v = (x[r * features + f] - mean) / Math.Sqrt(var + eps);
                y[r * features + f] = w is null ? v : v * w[f] + b![f];
            }
        }

        return y;
    }

    [Theory]
    [InlineData(new[] { 4, 6 }, true)]
    [InlineData(new[] { 2, 3, 5 }, true)]
    [InlineData(new[] { 2, 3, 5 }, false)]
    public void ForwardMatchesReference(int[] shape, bool affine)
    {
        int f = shape[^1];
        LayerNorm ln = Make(f, 1e-3f, affine);
        Tensor x = Tensor.Uniform(7, -2f, 3f, shape);
        Tensor y = ln.Forward(new SequenceBatch(x)).Data;
        Assert.Equal(shape, y.Shape);
        AssertClose(Reference(x.ToArray(), f, ln.Weight?.ToArray(), ln.Bias?.ToArray(), 1e-3), y.ToArray());
    }

    [Fact]
    public void HandComputedRow()
    {
        // x = (1, 2, 3, 6): mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5.
        var ln = new LayerNorm(4, epsilon: 0.5f);
        float[] y = ln.Forward(new SequenceBatch(Tensor.FromArray([1f, 2f, 3f, 6f], 1, 4))).Data.ToArray();
        double s = Math.Sqrt(4.0);
        AssertClose([-2 / s, -1 / s, 0, 3 / s], y);
    }

    [Fact]
    public void DefaultsFollowPyTorch()
    {
        var ln = new LayerNorm(3);
        Assert.Equal(1e-5f, ln.Epsilon);
        Assert.Equal([1f, 1f, 1f], ln.Weight!.ToArray());
        Assert.Equal([0f, 0f, 0f], ln.Bias!.ToArray());
        Assert.Equal(["weight", "bias"], ln.NamedParameters().Select(static p => p.Name));
        Assert.Empty(new LayerNorm(3, elementwiseAffine: false).Parameters());
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void GradientsMatchFiniteDifferences(bool affine, bool withLengths)
    {
        LayerNorm ln = Make(5, 1e-3f, affine);
        Tensor x = GradCheck.Leaf(11, -1f, 1f, 3, 4, 5);
        int[]? lengths = withLengths ? [4, 1, 2] : null;
        Tensor[] inputs = affine ? [x, ln.Weight!, ln.Bias!] : [x];
        GradCheck.Check(t => ln.Forward(new SequenceBatch(t[0], lengths)).Data, inputs, eps: 1e-3f, rtol: 2e-2, atol: 2e-3);
    }

    [Fact]
    public void GradientsOfVectorInputMatchFiniteDifferences()
    {
        LayerNorm ln = Make(4, 1e-3f);
        Tensor x = GradCheck.Leaf(13, -1f, 1f, 3, 4);
        GradCheck.Check(t => ln.Forward(new SequenceBatch(t[0])).Data, [x, ln.Weight!, ln.Bias!], eps: 1e-3f, rtol: 2e-2, atol: 2e-3);
    }

    [Fact]
    public void PaddedStepsAreZeroAndNeverAffectValidOnes()
    {
        LayerNorm ln = Make(3);
        int[] lengths = [2, 4, 1];
        Tensor x = Tensor.Uniform(5, -1f, 1f, 3, 4, 3);
        Tensor other = WithPaddingChanged(x, lengths, 100f);
        SequenceBatch a = ln.Forward(new SequenceBatch(x, lengths));
        SequenceBatch b = ln.Forward(new SequenceBatch(other, lengths));
        Assert.Equal(a.Data.ToArray(), b.Data.ToArray());
        Assert.Same(lengths, a.Lengths);
        for (int bi = 0; bi < 3; bi++)
        {
            for (int t = 0; t < 4; t++)
            {
                for (int f = 0; f < 3; f++)
                {
                    if (t >= lengths[bi])
                    {
                        Assert.Equal(0f, a.Data[bi, t, f]);
                    }
                    else
                    {
                        Assert.NotEqual(0f, a.Data[bi, t, f]);
                    }
                }
            }
        }

        // Gradients of the parameters do not see the padding either.
        ln.ZeroGrad();
        ln.Forward(new SequenceBatch(x, lengths)).Data.Sum().Backward();
        float[] gw = ln.Weight!.Grad!.ToArray();
        ln.ZeroGrad();
        ln.Forward(new SequenceBatch(other, lengths)).Data.Sum().Backward();
        Assert.Equal(gw, ln.Weight!.Grad!.ToArray());
    }

    [Fact]
    public void OutputShapeAndRoundTrip()
    {
        LayerNorm ln = Make(3, 1e-4f);
        Assert.Equal([7, 3], ln.OutputShape([7, 3]));
        Assert.Equal([-1, 3], ln.OutputShape([-1, 3]));
        Assert.Equal([3], ln.OutputShape([3]));
        Assert.Throws<ArgumentException>(() => ln.OutputShape([7, 4]));
        AssertRoundTrip(ln, new SequenceBatch(Tensor.Uniform(2, -1f, 1f, 2, 5, 3), [5, 3]));
        AssertRoundTrip(new LayerNorm(4, elementwiseAffine: false), new SequenceBatch(Tensor.Uniform(2, -1f, 1f, 2, 4)));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("features", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(0)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(3, 0f)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new LayerNorm(3, float.NaN)).ParamName);
        var ln = new LayerNorm(3);
        var shape = Assert.Throws<ArgumentException>(() => ln.Forward(new SequenceBatch(Tensor.Zeros(2, 4, 5))));
        Assert.Equal("input", shape.ParamName);
        Assert.Contains("(2, 4, 5)", shape.Message);
        var len = Assert.Throws<ArgumentException>(() => ln.Forward(new SequenceBatch(Tensor.Zeros(2, 4, 3), [1, 5])));
        Assert.Equal("input", len.ParamName);
        Assert.Contains("lengths[1]", len.Message);
    }
}

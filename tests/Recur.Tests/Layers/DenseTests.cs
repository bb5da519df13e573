using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class DenseTests
{
    /// <summary>act(x·Wᵀ + b) for one row, computed in double.</summary>
    private static double[] Reference(Dense dense, ReadOnlySpan<float> row)
    {
        int o = dense.OutputSize;
        var z = new double[o];
        for (int j = 0; j < o; j++)
        {
            double s = dense.Bias?[j] ?? 0f;
            for (int k = 0; k < dense.InputSize; k++)
            {
                s += (double)dense.Weight[j, k] * row[k];
            }

            z[j] = s;
        }

        switch (dense.Activation)
        {
            case Activation.Relu:
                return [.. z.Select(v => Math.Max(0, v))];
            case Activation.Tanh:
                return [.. z.Select(Math.Tanh)];
            case Activation.Sigmoid:
                return [.. z.Select(v => 1 / (1 + Math.Exp(-v)))];
            case Activation.Softmax:
                double max = z.Max();
                double sum = z.Sum(v => Math.Exp(v - max));
                return [.. z.Select(v => Math.Exp(v - max) / sum)];
            default:
                return z;
        }
    }

    [Theory]
    [InlineData(Activation.None, true)]
    [InlineData(Activation.Relu, true)]
    [InlineData(Activation.Tanh, false)]
    [InlineData(Activation.Sigmoid, true)]
    [InlineData(Activation.Softmax, true)]
    public void ForwardMatchesReferenceOnVectorsAndSequences(Activation activation, bool bias)
    {
        var dense = new Dense(4, 3, activation, bias, seed: 21);
        Assert.Equal(bias ? 2 : 1, dense.NamedParameters().Count());
        Tensor v = Tensor.Uniform(1, -2f, 2f, 5, 4);
        Tensor yv = Run(dense, v).Data;
        Assert.Equal([5, 3], yv.Shape);
        for (int r = 0; r < 5; r++)
        {
            double[] expected = Reference(dense, v.AsReadOnlySpan().Slice(r * 4, 4));
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expected[j], yv[r, j], 5);
            }
        }

        Tensor s = Tensor.Uniform(2, -2f, 2f, 2, 3, 4);
        SequenceBatch ys = Run(dense, s, [3, 2]);
        Assert.Equal([2, 3, 3], ys.Data.Shape);
        Assert.Equal([3, 2], ys.Lengths!);
        double[] e = Reference(dense, s.AsReadOnlySpan().Slice(((1 * 3) + 1) * 4, 4));
        Assert.Equal(e[2], ys.Data[1, 1, 2], 5);
        Assert.Equal([0f, 0f, 0f], ys.Data.Slice(1, 2, 1).Slice(0, 1, 1).ToArray()); // padded step of sequence 1 is zero
        AssertPaddingInvariant(dense, s, [3, 1], paddedZero: true);
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Softmax)]
    public void GradientsMatchFiniteDifferences(Activation activation)
    {
        var dense = new Dense(3, 4, activation, seed: 3);
        Tensor x = GradCheck.Leaf(7, -1f, 1f, 2, 3, 3);
        GradCheck.Check(ins => dense.Forward(new SequenceBatch(ins[0], [3, 2])).Data, [x, dense.Weight, dense.Bias!]);
        Assert.Equal(0f, x.Grad![1, 2, 1]);
    }

    [Fact]
    public void RoundTripAndShapes()
    {
        var dense = new Dense(5, 2, Activation.Sigmoid, bias: false, seed: 77);
        Assert.Equal(["weight"], dense.StateDict().Keys);
        AssertRoundTrip(dense, Batch(1, 2, 3, 5), [1, 3]);
        AssertRoundTrip(dense, Tensor.Uniform(3, -1f, 1f, 4, 5));
        Assert.Equal([2], dense.OutputShape([5]));
        Assert.Equal([-1, 2], dense.OutputShape([-1, 5]));
        Assert.Equal("inputShape", Assert.Throws<ArgumentException>(() => dense.OutputShape([-1, 4])).ParamName);
        Assert.NotEqual(new Dense(5, 2, seed: 1).Weight.ToArray(), new Dense(5, 2, seed: 2).Weight.ToArray());
    }

    [Fact]
    public void ArgumentErrorsNameTheArgument()
    {
        Assert.Equal("inputSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0, 2)).ParamName);
        Assert.Equal("outputSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(2, -1)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(2, 2, (Activation)9)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => Run(new Dense(3, 2), Tensor.Zeros(2, 4)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("Dense(3, 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 4)", e.Message, StringComparison.Ordinal);
        Assert.Equal("lengths", Assert.ThrowsAny<ArgumentException>(() => Run(new Dense(3, 2), Tensor.Zeros(2, 4, 3), [0, 1])).ParamName);
    }
}

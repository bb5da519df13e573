using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Layers;

public sealed class TimeDistributedTests
{
    [Fact]
    public void AppliesTheLayerToEveryStep()
    {
        var dense = new Dense(3, 2, Activation.Tanh, seed: 4);
        var td = new TimeDistributed(dense);
        Tensor x = Batch(1, 2, 4, 3);
        SequenceBatch y = Run(td, x, [4, 2]);
        Assert.Equal([2, 4, 2], y.Data.Shape);
        Assert.Equal([4, 2], y.Lengths!);
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < 4; t++)
            {
                // Step by step through the wrapped layer on its own (a batch of one vector).
                Tensor step = Run(dense, x.Slice(0, b, 1).Slice(1, t, 1).Reshape(1, 3)).Data;
                for (int j = 0; j < 2; j++)
                {
                    float expected = b == 1 && t >= 2 ? 0f : step[0, j];
                    Assert.Equal(expected, y.Data[b, t, j]);
                }
            }
        }

        AssertPaddingInvariant(td, x, [1, 3], paddedZero: true);
        Assert.Equal(["layer.weight", "layer.bias"], td.StateDict().Keys);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var dense = new Dense(3, 2, Activation.Sigmoid, seed: 5);
        var td = new TimeDistributed(dense);
        Tensor x = GradCheck.Leaf(8, -1f, 1f, 2, 3, 3);
        GradCheck.Check(ins => td.Forward(new SequenceBatch(ins[0], [1, 3])).Data, [x, dense.Weight, dense.Bias!]);
        Assert.Equal(0f, x.Grad![0, 2, 0]);
    }

    [Fact]
    public void RoundTripShapesAndErrors()
    {
        var td = new TimeDistributed(new Dense(3, 5, seed: 8));
        Layer copy = AssertRoundTrip(td, Batch(2, 2, 3, 3), [2, 3]);
        Assert.IsType<Dense>(((TimeDistributed)copy).Layer);
        Assert.Equal([-1, 5], td.OutputShape([-1, 3]));
        Assert.Equal("inputShape", Assert.Throws<ArgumentException>(() => td.OutputShape([3])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => Run(td, Tensor.Zeros(2, 3)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("TimeDistributed(Dense(3, 5))", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new TimeDistributed(null!));
    }
}

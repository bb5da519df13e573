using Recur.Autograd;
using Recur.Layers;
using Recur.Tests.Autograd;
using Xunit;
using static Recur.Tests.Layers.LayerTestHelpers;

namespace Recur.Tests.Layers;

/// <summary>Dropout, Flatten and Softmax.</summary>
public sealed class SimpleLayerTests
{
    [Fact]
    public void DropoutZeroesOrScalesAndIsIdentityInEvaluation()
    {
        var dropout = new Dropout(0.4f, seed: 3);
        Tensor x = Tensor.Uniform(1, 0.5f, 1.5f, 4, 50, 3);
        Tensor y = Run(dropout, x, [50, 10, 20, 50]).Data;
        float[] xv = x.ToArray();
        float[] yv = y.ToArray();
        int dropped = 0;
        for (int i = 0; i < xv.Length; i++)
        {
            if (yv[i] == 0f)
            {
                dropped++;
            }
            else
            {
                Assert.True(MathF.Abs((xv[i] / 0.6f) - yv[i]) <= 1e-5f, $"element {i}: {yv[i]} vs {xv[i]} / 0.6");
            }
        }

        Assert.InRange(dropped / (double)xv.Length, 0.3, 0.5);
        Tensor y2 = Run(dropout, x).Data;
        Assert.NotEqual(yv, y2.ToArray()); // a fresh mask per call
        Assert.Equal(yv, Run(new Dropout(0.4f, seed: 3), x).Data.ToArray()); // deterministic for a seed
        Assert.NotEqual(yv, Run(new Dropout(0.4f, seed: 4), x).Data.ToArray());
        dropout.Eval();
        Assert.Same(x, Run(dropout, x).Data);
    }

    [Fact]
    public void DropoutGradientIsTheMask()
    {
        var dropout = new Dropout(0.5f);
        Tensor x = GradCheck.Leaf(2, 0.5f, 1f, 3, 7);
        Tensor y = dropout.Forward(new SequenceBatch(x)).Data;
        y.Sum().Backward();
        for (int i = 0; i < x.Length; i++)
        {
            float expected = y.AsReadOnlySpan()[i] == 0f ? 0f : 2f;
            Assert.Equal(expected, x.Grad!.AsReadOnlySpan()[i]);
        }
    }

    [Fact]
    public void DropoutArgumentsAndConfig()
    {
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f)).ParamName);
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1f)).ParamName);
        var d = (Dropout)LayerRegistry.Create(ThroughJson(new Dropout(0.3f, 17).GetConfig()));
        Assert.Equal((0.3f, 17UL), (d.P, d.Seed));
        Assert.Equal([-1, 4], d.OutputShape([-1, 4]));
    }

    [Fact]
    public void FlattenIsRowMajorPerSample()
    {
        var flatten = new Flatten();
        Tensor x = Batch(1, 2, 3, 4);
        SequenceBatch y = Run(flatten, x, [3, 1]);
        Assert.Equal([2, 12], y.Data.Shape);
        Assert.Null(y.Lengths);
        Assert.Equal(x.ToArray(), y.Data.ToArray());
        Assert.Equal(x[1, 2, 3], y.Data[1, 11]);
        Tensor v = Tensor.Uniform(2, 0f, 1f, 3, 5);
        Assert.Same(v, Run(flatten, v).Data);
        Assert.Equal([12], flatten.OutputShape([3, 4]));
        Assert.Equal([-1], flatten.OutputShape([-1, 4]));
        Tensor g = GradCheck.Leaf(3, -1f, 1f, 2, 2, 3);
        GradCheck.Check(ins => flatten.Forward(new SequenceBatch(ins[0])).Data, [g]);
        Assert.IsType<Flatten>(LayerRegistry.Create(flatten.GetConfig()));
    }

    [Fact]
    public void SoftmaxOverTheLastAxis()
    {
        var softmax = new Softmax();
        Tensor x = Tensor.FromArray([1f, 2f, 3f, 0f, 0f, 0f, 5f, -5f, 0f, 9f, 9f, 9f], 2, 2, 3);
        SequenceBatch y = Run(softmax, x, [2, 1]);
        double z = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Exp(2) / z, y.Data[0, 0, 1], 6);
        Assert.Equal(1f / 3f, y.Data[0, 1, 2], 6);
        Assert.Equal(Math.Exp(5) / (Math.Exp(5) + Math.Exp(-5) + 1), y.Data[1, 0, 0], 6);
        Assert.Equal([0f, 0f, 0f], y.Data.Slice(0, 1, 1).Slice(1, 1, 1).ToArray()); // padded step
        Assert.Equal([2, 1], y.Lengths!);
        Tensor g = GradCheck.Leaf(4, -2f, 2f, 2, 3, 4);
        GradCheck.Check(ins => softmax.Forward(new SequenceBatch(ins[0], [3, 2])).Data, [g]);
        Assert.Equal([5], softmax.OutputShape([5]));
        Assert.IsType<Softmax>(LayerRegistry.Create(softmax.GetConfig()));
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Run(softmax, Tensor.Zeros(3))).ParamName);
    }
}

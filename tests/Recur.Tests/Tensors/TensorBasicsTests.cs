using Xunit;

namespace Recur.Tests.Tensors;

/// <summary>Tensor construction, shape, element access and the random factories.</summary>
public sealed class TensorBasicsTests
{
    [Fact]
    public void FromArrayCopiesTheData()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        Tensor t = Tensor.FromArray(data, 2, 3);
        data[0] = 100f;
        Assert.Equal(1f, t[0, 0]);
        Assert.Equal(6f, t[1, 2]);
        Assert.Equal(2, t.Rank);
        Assert.Equal(6, t.Length);
        Assert.Equal(3, t.Size(-1));
    }

    [Fact]
    public void FromArrayRejectsAMismatchedShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2, 3], 2, 2));
        Assert.Contains("(2, 2)", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(-1, 2));
    }

    [Fact]
    public void ShapeReturnsACopy()
    {
        Tensor t = Tensor.Zeros(2, 3);
        int[] shape = t.Shape;
        shape[0] = 7;
        Assert.Equal([2, 3], t.Shape);
    }

    [Fact]
    public void ToArrayReturnsACopy()
    {
        Tensor t = Tensor.Ones(2);
        t.ToArray()[0] = 5f;
        Assert.Equal(1f, t[0]);
    }

    [Fact]
    public void ConstantFactories()
    {
        Assert.All(Tensor.Zeros(2, 2).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(3).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Tensor.Full(2.5f, 2, 1).ToArray(), v => Assert.Equal(2.5f, v));
        Tensor s = Tensor.Scalar(4f);
        Assert.Empty(s.Shape);
        Assert.Equal(4f, s.Item());
        Assert.Equal([2, 2], Tensor.ZerosLike(Tensor.Ones(2, 2)).Shape);
    }

    [Fact]
    public void UniformIsDeterministicAndInRange()
    {
        float[] a = Tensor.Uniform(1, -2f, 3f, 10000).ToArray();
        Assert.Equal(a, Tensor.Uniform(1, -2f, 3f, 10000).ToArray());
        Assert.NotEqual(a, Tensor.Uniform(2, -2f, 3f, 10000).ToArray());
        Assert.All(a, v => Assert.InRange(v, -2f, 3f - 1e-6f));
        (double mean, double std) = Moments(a);
        Assert.InRange(mean, 0.5 - 0.05, 0.5 + 0.05);
        Assert.InRange(std, 5 / Math.Sqrt(12) - 0.05, 5 / Math.Sqrt(12) + 0.05);
    }

    [Fact]
    public void NormalIsDeterministicWithTheRightMoments()
    {
        float[] a = Tensor.Normal(3, 1f, 2f, 10000).ToArray();
        Assert.Equal(a, Tensor.Normal(3, 1f, 2f, 10000).ToArray());
        Assert.NotEqual(a, Tensor.Normal(4, 1f, 2f, 10000).ToArray());
        (double mean, double std) = Moments(a);
        Assert.InRange(mean, 1 - 0.1, 1 + 0.1);
        Assert.InRange(std, 2 - 0.1, 2 + 0.1);
    }

    [Fact]
    public void IndexerBoundsErrors()
    {
        Tensor t = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => t[2, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => t[0, -1]);
        var e = Assert.Throws<ArgumentException>(() => t[0]);
        Assert.Contains("(2, 3)", e.Message);
        t[1, 2] = 5f;
        Assert.Equal(5f, t.ToArray()[5]);
    }

    [Fact]
    public void ItemRequiresOneElement()
    {
        Assert.Equal(3f, Tensor.FromArray([3f], 1, 1).Item());
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2).Item());
        Assert.Contains("(2,)", e.Message);
    }

    [Fact]
    public void FormatShapeAndToString()
    {
        Assert.Equal("()", Tensor.FormatShape([]));
        Assert.Equal("(3,)", Tensor.FormatShape([3]));
        Assert.Equal("(2, 3)", Tensor.FormatShape([2, 3]));
        Tensor x = Tensor.Ones(2);
        x.RequiresGrad = true;
        Assert.Contains("grad_fn=Mul", (x * x).ToString());
    }

    [Fact]
    public void DetachAndCloneCutTheGraph()
    {
        Tensor x = Tensor.Ones(2);
        x.RequiresGrad = true;
        Tensor y = x * 2f;
        Tensor d = y.Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        Tensor c = y.Clone();
        c.AsSpan()[0] = 9f;
        Assert.Equal(2f, y[0]);
    }

    private static (double Mean, double Std) Moments(float[] a)
    {
        double mean = a.Average(v => (double)v);
        double var = a.Average(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(var));
    }
}

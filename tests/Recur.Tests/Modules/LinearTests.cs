using Recur.Modules;
using Recur.Tests.Autograd;
using Xunit;

namespace Recur.Tests.Modules;

public sealed class LinearTests
{
    [Theory]
    [InlineData(true, new[] { 4, 5 })]
    [InlineData(true, new[] { 2, 3, 5 })]
    [InlineData(false, new[] { 3, 5 })]
    public void GradientsMatchFiniteDifferences(bool bias, int[] shape)
    {
        var linear = new Linear(5, 3, bias, seed: 7);
        Tensor x = GradCheck.Leaf(11, -1f, 1f, shape);
        Tensor[] inputs = bias ? [x, linear.Weight, linear.Bias!] : [x, linear.Weight];
        GradCheck.Check(t => LinearOp.Forward(t[0], t[1], bias ? t[2] : null), inputs);
    }

    [Fact]
    public void ForwardComputesXWTransposePlusBias()
    {
        var linear = new Linear(2, 2);
        new float[] { 1f, 2f, 3f, 4f }.CopyTo(linear.Weight.AsSpan());
        new float[] { 0.5f, -1f }.CopyTo(linear.Bias!.AsSpan());
        Tensor y = linear.Forward(Tensor.FromArray([1f, 1f, 2f, 0f], 2, 2));
        Assert.Equal([3.5f, 6f, 2.5f, 5f], y.ToArray());
        Assert.Equal([2, 2], y.Shape);
    }

    [Fact]
    public void InitIsPyTorchUniformBoundAndDeterministic()
    {
        var a = new Linear(16, 8, seed: 5);
        var b = new Linear(16, 8, seed: 5);
        var c = new Linear(16, 8, seed: 6);
        float bound = 1f / MathF.Sqrt(16);
        Assert.All(a.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(a.Bias!.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(a.Weight.ToArray().Max() > 0.8f * bound && a.Weight.ToArray().Min() < -0.8f * bound);
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), c.Weight.ToArray());
        Assert.Equal(["weight", "bias"], a.NamedParameters().Select(static p => p.Name));
        Assert.Equal([8, 16], a.Weight.Shape);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(0, 3));
        Assert.Equal("inFeatures", ex.ParamName);
        Assert.Contains("≥ 1", ex.Message);
        Assert.Equal("outFeatures", Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(3, -1)).ParamName);

        var shape = Assert.Throws<ArgumentException>(() => new Linear(4, 3).Forward(Tensor.Zeros(2, 5)));
        Assert.Contains("Linear(4, 3)", shape.Message);
        Assert.Contains("(…, 4)", shape.Message);
        Assert.Contains("(2, 5)", shape.Message);
    }

    [Fact]
    public void NoGradRecordsNothing()
    {
        var linear = new Linear(3, 2);
        using (Recur.Autograd.GradMode.NoGrad())
        {
            Tensor y = linear.Forward(Tensor.Ones(1, 3));
            Assert.True(y.IsLeaf);
            Assert.False(y.RequiresGrad);
        }
    }
}

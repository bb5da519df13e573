using Recur.Autograd;
using Xunit;

namespace Recur.Tests.Autograd;

/// <summary>Graph-level behaviour of the ops: no-grad scopes, accumulation, reuse of inputs, diamonds.</summary>
public sealed class GraphTests
{
    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        Tensor x = GradCheck.Leaf(1, -1f, 1f, 2, 3);
        Tensor w = GradCheck.Leaf(2, -1f, 1f, 3, 2);
        using (GradMode.NoGrad())
        {
            Tensor[] results =
            [
                x.MatMul(w), x + x, x - 1f, x * x, x / 2f, -x, x.Sigmoid(), x.Tanh(), x.Relu(), x.Softsign(),
                x.HardSigmoid(), x.Exp(), (x * x + 1f).Log(), x.Sum(), x.Sum(0), x.Mean(), x.Mean(1, true),
                x.Reshape(-1), x.Transpose(0, 1), Tensor.Concat(0, x, x), x.Slice(1, 0, 2), x.IndexSelect(1, [0, 0]),
                x.Dropout(0.5f, 3), x.Softmax(), x.LogSoftmax(),
            ];
            foreach (Tensor r in results)
            {
                Assert.Null(r.GradFn);
                Assert.False(r.RequiresGrad);
            }
        }

        Tensor y = x.MatMul(w);
        Assert.NotNull(y.GradFn);
        Assert.True(y.RequiresGrad);
        Assert.Equal("MatMul", y.GradFn!.Name);
    }

    [Fact]
    public void InputsWithoutGradRecordNothing()
    {
        Tensor a = Tensor.Ones(2, 2);
        Tensor y = (a * a).Sum();
        Assert.Null(y.GradFn);
        Assert.False(y.RequiresGrad);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        Tensor x = GradCheck.Leaf(3, -1f, 1f, 2, 3);
        Tensor w = GradCheck.Leaf(4, -1f, 1f, 3, 2);
        x.MatMul(w).Tanh().Sum().Backward();
        float[] gx = x.Grad!.ToArray();
        float[] gw = w.Grad!.ToArray();
        x.MatMul(w).Tanh().Sum().Backward();
        for (int i = 0; i < gx.Length; i++)
        {
            Assert.Equal(2 * gx[i], x.Grad!.AsSpan()[i], 5);
        }

        for (int i = 0; i < gw.Length; i++)
        {
            Assert.Equal(2 * gw[i], w.Grad!.AsSpan()[i], 5);
        }

        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void InputUsedTwice()
    {
        Tensor x = Tensor.FromArray([1f, -2f, 3f], 3);
        x.RequiresGrad = true;
        (x * x).Sum().Backward();
        Assert.Equal([2f, -4f, 6f], x.Grad!.ToArray());
        GradCheck.Check(t => t[0] * t[0] + t[0], [GradCheck.Leaf(5, -1f, 1f, 2, 3)]);
        GradCheck.Check(t => t[0].MatMul(t[0]), [GradCheck.Leaf(6, -1f, 1f, 3, 3)]);
        GradCheck.Check(t => Tensor.Concat(0, t[0], t[0].Sigmoid(), t[0]), [GradCheck.Leaf(7, -1f, 1f, 2, 3)]);
    }

    [Fact]
    public void DiamondGraph()
    {
        // x → a = tanh(x), b = σ(x) → y = a ⊙ b + a: two paths from x meet again.
        Tensor x = Tensor.FromArray([0.5f], 1);
        x.RequiresGrad = true;
        Tensor a = x.Tanh();
        Tensor b = x.Sigmoid();
        (a * b + a).Sum().Backward();
        double t = Math.Tanh(0.5), s = 1 / (1 + Math.Exp(-0.5));
        double expected = (1 - t * t) * s + t * s * (1 - s) + (1 - t * t);
        Assert.Equal(expected, x.Grad!.Item(), 5);

        GradCheck.Check(
            v =>
            {
                Tensor h = v[0].MatMul(v[1]);
                Tensor left = h.Relu() + 2f;
                Tensor right = h.Exp().Sum(1, keepDim: true);
                return (left / right).LogSoftmax() * h;
            },
            [GradCheck.Leaf(8, 0.1f, 1f, 2, 3), GradCheck.Leaf(9, 0.1f, 1f, 3, 4)]);
    }

    [Fact]
    public void OnlyRequiredInputsGetGradients()
    {
        Tensor x = GradCheck.Leaf(10, -1f, 1f, 2, 3);
        Tensor c = Tensor.Uniform(11, -1f, 1f, 2, 3);
        (x * c + c).Sum().Backward();
        Assert.NotNull(x.Grad);
        Assert.Null(c.Grad);
        Assert.Equal(c.ToArray(), x.Grad!.ToArray());
    }

    [Fact]
    public void BackwardWithExplicitGradientOnNonScalar()
    {
        Tensor x = GradCheck.Leaf(12, -1f, 1f, 2, 2);
        Tensor y = x * 3f;
        y.Backward(Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2));
        Assert.Equal([3f, 6f, 9f, 12f], x.Grad!.ToArray());
    }

    [Fact]
    public void ResultIsNotALeafAndRejectsRequiresGrad()
    {
        Tensor x = GradCheck.Leaf(13, -1f, 1f, 2);
        Tensor y = x + x;
        Assert.False(y.IsLeaf);
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }
}

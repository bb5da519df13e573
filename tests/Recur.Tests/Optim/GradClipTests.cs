using Recur.Optim;
using Xunit;

namespace Recur.Tests.Optim;

public sealed class GradClipTests
{
    private static Tensor WithGrad(params float[] grad)
    {
        Tensor p = Tensor.Zeros(grad.Length);
        p.RequiresGrad = true;
        p.Grad = Tensor.FromArray(grad, grad.Length);
        return p;
    }

    [Fact]
    public void ClipGradNormReturnsTheNormBeforeClippingAndScalesJointly()
    {
        Tensor a = WithGrad(3f, 4f);
        Tensor b = WithGrad(12f);
        Tensor none = Tensor.Zeros(2);
        none.RequiresGrad = true;
        float total = GradClip.ClipGradNorm([a, b, none], maxNorm: 6.5f);
        Assert.Equal(13f, total, 5);
        float coef = 6.5f / (13f + 1e-6f);
        Assert.Equal([3f * coef, 4f * coef], a.Grad!.ToArray());
        Assert.Equal([12f * coef], b.Grad!.ToArray());
        Assert.Null(none.Grad);
    }

    [Fact]
    public void ClipGradNormSupportsInfinityAndOtherNorms()
    {
        Tensor a = WithGrad(-3f, 1f);
        Tensor b = WithGrad(2f);
        Assert.Equal(3f, GradClip.ClipGradNorm([a, b], 10f, float.PositiveInfinity));
        Assert.Equal([-3f, 1f], a.Grad!.ToArray());
        Assert.Equal(6f, GradClip.ClipGradNorm([a, b], 3f, 1f), 5);
        Assert.Equal(-1.5f, a.Grad!.ToArray()[0], 5);
        Assert.Equal(0f, GradClip.ClipGradNorm([Tensor.Zeros(1)], 1f));
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([a], -1f)).ParamName);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm([a], 1f, 0f)).ParamName);
    }

    [Fact]
    public void ClipGradValueClampsEachElement()
    {
        Tensor a = WithGrad(-3f, 0.2f, 0.7f);
        GradClip.ClipGradValue([a], 0.5f);
        Assert.Equal([-0.5f, 0.2f, 0.5f], a.Grad!.ToArray());
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradValue([a], -0.1f)).ParamName);
    }
}

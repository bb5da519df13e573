using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>−x, any shape. Backward: dx −= g.</summary>
internal sealed class NegOp : Function
{
    /// <summary>y = −x (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        TensorPrimitives.Negate(x.Buffer, y.Buffer);
        new NegOp().TryRecord([x], y);
        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Span<float> dx = context.InputGrad(0);
            TensorPrimitives.Subtract(dx, context.OutputGrad(), dx);
        }
    }
}

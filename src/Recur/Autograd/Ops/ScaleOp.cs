using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>x · s for a float s, any shape. Backward: dx += s · g.</summary>
internal sealed class ScaleOp : Function
{
    private float _scale;

    /// <summary>y = x · <paramref name="scale"/> (same shape as x).</summary>
    public static Tensor Forward(Tensor x, float scale)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        TensorPrimitives.Multiply(x.Buffer, scale, y.Buffer);
        var op = new ScaleOp();
        if (op.TryRecord([x], y))
        {
            op._scale = scale;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Span<float> dx = context.InputGrad(0);
            TensorPrimitives.MultiplyAdd(context.OutputGrad(), _scale, dx, dx);
        }
    }
}

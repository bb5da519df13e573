using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>x + s for a float s, any shape. Backward: dx += g.</summary>
internal sealed class AddScalarOp : Function
{
    /// <summary>y = x + <paramref name="value"/> (same shape as x).</summary>
    public static Tensor Forward(Tensor x, float value)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        TensorPrimitives.Add(x.Buffer, value, y.Buffer);
        new AddScalarOp().TryRecord([x], y);
        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Span<float> dx = context.InputGrad(0);
            TensorPrimitives.Add(dx, context.OutputGrad(), dx);
        }
    }
}

using System.Numerics.Tensors;

namespace Recur.Autograd.Ops;

/// <summary>Element-wise natural logarithm ln(x), any shape. Backward: dx += g / x.</summary>
internal sealed class LogOp : Function
{
    private float[] _x = [];

    /// <summary>y = ln(x) (same shape as x); non-positive elements give NaN or −∞ as in <see cref="MathF.Log(float)"/>.</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        TensorPrimitives.Log(x.Buffer, y.Buffer);
        var op = new LogOp();
        if (op.TryRecord([x], y))
        {
            op._x = x.Buffer;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Span<float> dx = context.InputGrad(0);
            ReadOnlySpan<float> g = context.OutputGrad();
            for (int i = 0; i < dx.Length; i++)
            {
                dx[i] += g[i] / _x[i];
            }
        }
    }
}

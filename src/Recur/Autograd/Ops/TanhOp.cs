namespace Recur.Autograd.Ops;

/// <summary>Element-wise hyperbolic tangent, any shape (kernel <see cref="Kernels.Tanh"/>).</summary>
internal sealed class TanhOp : Function
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>y = tanh(x) (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.Tanh.Forward(y.Buffer, x.Buffer);
        var op = new TanhOp();
        if (op.TryRecord([x], y))
        {
            op._x = x.Buffer;
            op._y = y.Buffer;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            Kernels.Tanh.Backward(context.InputGrad(0), _x, _y, context.OutputGrad());
        }
    }
}

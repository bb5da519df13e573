namespace Recur.Autograd.Ops;

/// <summary>Element-wise natural exponential e^x, any shape (kernel <see cref="Kernels.Exp"/>).</summary>
internal sealed class ExpOp : Function
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>y = e^x (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.Exp.Forward(y.Buffer, x.Buffer);
        var op = new ExpOp();
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
            Kernels.Exp.Backward(context.InputGrad(0), _x, _y, context.OutputGrad());
        }
    }
}

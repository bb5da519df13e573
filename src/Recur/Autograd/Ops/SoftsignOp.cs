namespace Recur.Autograd.Ops;

/// <summary>Element-wise softsign x / (1 + |x|), any shape (kernel <see cref="Kernels.Softsign"/>).</summary>
internal sealed class SoftsignOp : Function
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>y = softsign(x) (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.Softsign.Forward(y.Buffer, x.Buffer);
        var op = new SoftsignOp();
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
            Kernels.Softsign.Backward(context.InputGrad(0), _x, _y, context.OutputGrad());
        }
    }
}

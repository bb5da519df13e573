namespace Recur.Autograd.Ops;

/// <summary>Element-wise logistic sigmoid σ(x) = 1 / (1 + e^(−x)), any shape (kernel <see cref="Kernels.Sigmoid"/>).</summary>
internal sealed class SigmoidOp : Function
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>y = σ(x) (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.Sigmoid.Forward(y.Buffer, x.Buffer);
        var op = new SigmoidOp();
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
            Kernels.Sigmoid.Backward(context.InputGrad(0), _x, _y, context.OutputGrad());
        }
    }
}

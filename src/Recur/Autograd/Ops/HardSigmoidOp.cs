namespace Recur.Autograd.Ops;

/// <summary>Element-wise hard sigmoid clamp(0.2·x + 0.5, 0, 1), any shape (kernel <see cref="Kernels.HardSigmoid"/>).</summary>
internal sealed class HardSigmoidOp : Function
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>y = hardsigmoid(x) (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.HardSigmoid.Forward(y.Buffer, x.Buffer);
        var op = new HardSigmoidOp();
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
            Kernels.HardSigmoid.Backward(context.InputGrad(0), _x, _y, context.OutputGrad());
        }
    }
}

namespace Recur.Autograd.Ops;

/// <summary>Element-wise rectifier max(x, 0), any shape (kernel <see cref="Kernels.Relu"/>).</summary>
internal sealed class ReluOp : Function
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>y = relu(x) (same shape as x).</summary>
    public static Tensor Forward(Tensor x)
    {
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.Relu.Forward(y.Buffer, x.Buffer);
        var op = new ReluOp();
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
            Kernels.Relu.Backward(context.InputGrad(0), _x, _y, context.OutputGrad());
        }
    }
}

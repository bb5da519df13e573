namespace Recur.Autograd.Ops;

/// <summary>Log-softmax along the last axis, any rank ≥ 1 (kernel <see cref="Kernels.LogSoftmax"/>). Backward: dx += g − exp(y) · Σ g.</summary>
internal sealed class LogSoftmaxOp : Function
{
    private float[] _y = [];
    private int _cols;

    /// <summary>y = log softmax(x) over the last axis (same shape as x).</summary>
    /// <exception cref="ArgumentException">x is a scalar (rank 0).</exception>
    public static Tensor Forward(Tensor x)
    {
        int cols = SoftmaxOp.LastAxis(x, "LogSoftmax");
        int rows = cols == 0 ? 0 : x.Length / cols;
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.LogSoftmax.Forward(y.Buffer, x.Buffer, rows, cols);
        var op = new LogSoftmaxOp();
        if (op.TryRecord([x], y))
        {
            op._y = y.Buffer;
            op._cols = cols;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0) && _cols > 0)
        {
            Kernels.LogSoftmax.Backward(context.InputGrad(0), _y, context.OutputGrad(), _y.Length / _cols, _cols);
        }
    }
}

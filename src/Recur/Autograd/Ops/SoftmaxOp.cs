namespace Recur.Autograd.Ops;

/// <summary>Softmax along the last axis, any rank ≥ 1 (kernel <see cref="Kernels.Softmax"/>). Backward: dx += y ⊙ (g − Σ g ⊙ y).</summary>
internal sealed class SoftmaxOp : Function
{
    private float[] _y = [];
    private int _cols;

    /// <summary>y = softmax(x) over the last axis (same shape as x).</summary>
    /// <exception cref="ArgumentException">x is a scalar (rank 0).</exception>
    public static Tensor Forward(Tensor x)
    {
        int cols = LastAxis(x, "Softmax");
        int rows = cols == 0 ? 0 : x.Length / cols;
        var y = Tensor.Wrap(new float[x.Length], x.Shape);
        Kernels.Softmax.Forward(y.Buffer, x.Buffer, rows, cols);
        var op = new SoftmaxOp();
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
            Kernels.Softmax.Backward(context.InputGrad(0), _y, context.OutputGrad(), _y.Length / _cols, _cols);
        }
    }

    /// <summary>The last axis's length; throws for a scalar.</summary>
    internal static int LastAxis(Tensor x, string operation)
    {
        if (x.Rank == 0)
        {
            throw new ArgumentException($"{operation}: expected a tensor with at least one axis, got shape {Tensor.FormatShape(x.Dims)}.", nameof(x));
        }

        return x.Dims[^1];
    }
}

namespace Recur.Autograd.Ops;

/// <summary>
/// Mean of all elements (→ shape ()) or along one axis ((…, n, …) → (…, …), or (…, 1, …) with keepDim).
/// Backward: every input element gets 1/n of the gradient of the output element it was averaged into.
/// </summary>
internal sealed class MeanOp : Function
{
    private AxisLayout _layout;

    /// <summary>Mean along <paramref name="axis"/> (negative counts from the end; null for all elements).</summary>
    /// <remarks>The mean over zero elements is NaN, as in PyTorch.</remarks>
    public static Tensor Forward(Tensor x, int? axis, bool keepDim)
    {
        int count = axis is null ? x.Length : x.Dims[x.NormalizeAxis(axis.Value, "Mean")];
        Tensor y = SumOp.Reduce(x, axis, keepDim, 1f / count, "Mean", out AxisLayout layout);
        var op = new MeanOp();
        if (op.TryRecord([x], y))
        {
            op._layout = layout;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            SumOp.Expand(context.InputGrad(0), context.OutputGrad(), _layout, 1f / _layout.Length);
        }
    }
}

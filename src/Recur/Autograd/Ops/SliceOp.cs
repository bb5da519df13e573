namespace Recur.Autograd.Ops;

/// <summary>
/// A contiguous range along one axis (narrow): (…, n, …) → (…, length, …) holding indices [start, start + length).
/// Backward: the output gradient is added into that range of the input gradient.
/// </summary>
internal sealed class SliceOp : Function
{
    private AxisLayout _inLayout;
    private int _start;

    /// <summary>y = x[…, start : start + length, …] along <paramref name="axis"/> (a copy).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie within the axis.</exception>
    public static Tensor Forward(Tensor x, int axis, int start, int length)
    {
        int a = x.NormalizeAxis(axis, "Slice");
        int n = x.Dims[a];
        if (start < 0 || length < 0 || start > n - length)
        {
            throw new ArgumentOutOfRangeException(start < 0 || start > n ? nameof(start) : nameof(length),
                $"Slice: the range start {start}, length {length} must lie within [0, {n}] on axis {axis} of shape {Tensor.FormatShape(x.Dims)}.");
        }

        int[] shape = x.Shape;
        shape[a] = length;
        var y = Tensor.Wrap(new float[Broadcast.Product(shape)], shape);
        AxisLayout inLayout = AxisLayout.Of(x.Dims, a);
        var outLayout = new AxisLayout(inLayout.Outer, length, inLayout.Inner);
        AxisLayout.CopyRows(y.Buffer, outLayout, 0, x.Buffer, inLayout, start, length, false);
        var op = new SliceOp();
        if (op.TryRecord([x], y))
        {
            op._inLayout = inLayout;
            op._start = start;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            ReadOnlySpan<float> g = context.OutputGrad();
            int length = _inLayout.Outer * _inLayout.Inner == 0 ? 0 : g.Length / (_inLayout.Outer * _inLayout.Inner);
            var outLayout = new AxisLayout(_inLayout.Outer, length, _inLayout.Inner);
            AxisLayout.CopyRows(context.InputGrad(0), _inLayout, _start, g, outLayout, 0, length, true);
        }
    }
}

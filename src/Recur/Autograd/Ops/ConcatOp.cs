namespace Recur.Autograd.Ops;

/// <summary>
/// Joins N tensors along one axis (one node): all inputs have the same rank and equal lengths on every other axis;
/// the output's length on the axis is the sum. Backward: each input gets its slab of the output gradient.
/// </summary>
internal sealed class ConcatOp : Function
{
    private int _axis;

    /// <summary>y = [t0, t1, …] along <paramref name="axis"/> (negative counts from the end).</summary>
    /// <param name="axis">The axis to join along.</param>
    /// <param name="tensors">The parts, in order.</param>
    /// <param name="pooled">Take y's storage from <see cref="TensorPool"/> (disposing y hands it back; see
    /// <see cref="Tensor.Dispose"/>).</param>
    /// <exception cref="ArgumentException">No tensors, or shapes that differ off the axis.</exception>
    public static Tensor Forward(int axis, Tensor[] tensors, bool pooled = false)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException("Concat: expected at least one tensor, got none.", nameof(tensors));
        }

        Tensor first = tensors[0] ?? throw new ArgumentNullException(nameof(tensors), "Concat: tensor 0 is null.");
        int a = first.NormalizeAxis(axis, "Concat");
        int total = 0;
        for (int t = 0; t < tensors.Length; t++)
        {
            Tensor x = tensors[t] ?? throw new ArgumentNullException(nameof(tensors), $"Concat: tensor {t} is null.");
            bool ok = x.Rank == first.Rank;
            for (int d = 0; ok && d < first.Rank; d++)
            {
                ok = d == a || x.Dims[d] == first.Dims[d];
            }

            if (!ok)
            {
                throw new ArgumentException(
                    $"Concat: along axis {axis}, every tensor must match {Tensor.FormatShape(first.Dims)} on the other axes; tensor {t} has shape {Tensor.FormatShape(x.Dims)}.",
                    nameof(tensors));
            }

            total += x.Dims[a];
        }

        int[] shape = first.Shape;
        shape[a] = total;
        int length = Broadcast.Product(shape);
        Tensor y = pooled ? Tensor.WrapPooled(TensorPool.Rent(length, clear: false), shape) : Tensor.Wrap(new float[length], shape); // every element is written below
        AxisLayout outLayout = AxisLayout.Of(shape, a);
        int start = 0;
        foreach (Tensor x in tensors)
        {
            AxisLayout inLayout = AxisLayout.Of(x.Dims, a);
            AxisLayout.CopyRows(y.Buffer, outLayout, start, x.Buffer, inLayout, 0, inLayout.Length, false);
            start += inLayout.Length;
        }

        var op = new ConcatOp();
        if (op.TryRecord(tensors, y))
        {
            op._axis = a;
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        ReadOnlySpan<float> g = context.OutputGrad();
        Tensor[] inputs = Inputs;
        int total = 0;
        foreach (Tensor x in inputs)
        {
            total += x.Dims[_axis];
        }

        AxisLayout first = AxisLayout.Of(inputs[0].Dims, _axis);
        var outLayout = new AxisLayout(first.Outer, total, first.Inner);
        int start = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            AxisLayout inLayout = AxisLayout.Of(inputs[t].Dims, _axis);
            if (context.NeedsInputGrad(t))
            {
                AxisLayout.CopyRows(context.InputGrad(t), inLayout, 0, g, outLayout, start, inLayout.Length, true);
            }

            start += inLayout.Length;
        }
    }
}

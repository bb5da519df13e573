namespace Recur.Autograd.Ops;

/// <summary>
/// Gathers entries along one axis by index: (…, n, …) → (…, k, …) with y[…, j, …] = x[…, indices[j], …].
/// Indices may repeat; backward adds each output slab into its source, so repeated indices accumulate.
/// </summary>
internal sealed class IndexSelectOp : Function
{
    private AxisLayout _inLayout;
    private int[] _indices = [];

    /// <summary>y = x gathered at <paramref name="indices"/> along <paramref name="axis"/> (negative axis counts from the end).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index lies outside [0, n).</exception>
    public static Tensor Forward(Tensor x, int axis, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int a = x.NormalizeAxis(axis, "IndexSelect");
        int n = x.Dims[a];
        for (int j = 0; j < indices.Length; j++)
        {
            if ((uint)indices[j] >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[j],
                    $"IndexSelect: indices[{j}] = {indices[j]} must lie in [0, {n}) for axis {axis} of shape {Tensor.FormatShape(x.Dims)}.");
            }
        }

        int[] shape = x.Shape;
        shape[a] = indices.Length;
        var y = Tensor.Wrap(new float[Broadcast.Product(shape)], shape);
        AxisLayout inLayout = AxisLayout.Of(x.Dims, a);
        var outLayout = new AxisLayout(inLayout.Outer, indices.Length, inLayout.Inner);
        for (int j = 0; j < indices.Length; j++)
        {
            AxisLayout.CopyRows(y.Buffer, outLayout, j, x.Buffer, inLayout, indices[j], 1, false);
        }

        var op = new IndexSelectOp();
        if (op.TryRecord([x], y))
        {
            op._inLayout = inLayout;
            op._indices = (int[])indices.Clone();
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            ReadOnlySpan<float> g = context.OutputGrad();
            Span<float> dx = context.InputGrad(0);
            var outLayout = new AxisLayout(_inLayout.Outer, _indices.Length, _inLayout.Inner);
            for (int j = 0; j < _indices.Length; j++)
            {
                AxisLayout.CopyRows(dx, _inLayout, _indices[j], g, outLayout, j, 1, true);
            }
        }
    }
}

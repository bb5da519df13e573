namespace Recur.Autograd.Ops;

/// <summary>
/// Sum of all elements (→ shape ()) or along one axis ((…, n, …) → (…, …), or (…, 1, …) with keepDim).
/// Backward: every input element gets the gradient of the output element it was summed into.
/// </summary>
internal sealed class SumOp : Function
{
    private AxisLayout _layout;

    /// <summary>Σ of all elements, shape ().</summary>
    public static Tensor Forward(Tensor x) => Forward(x, null, false);

    /// <summary>Σ along <paramref name="axis"/> (negative counts from the end; null for all elements).</summary>
    public static Tensor Forward(Tensor x, int? axis, bool keepDim)
    {
        Tensor y = Reduce(x, axis, keepDim, 1f, "Sum", out AxisLayout layout);
        var op = new SumOp();
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
            Expand(context.InputGrad(0), context.OutputGrad(), _layout, 1f);
        }
    }

    /// <summary>
    /// Shared by <see cref="SumOp"/> and <see cref="MeanOp"/>: y = scale · Σ over the axis (all elements when axis is null),
    /// with the (outer, length, inner) layout of x around that axis.
    /// </summary>
    internal static Tensor Reduce(Tensor x, int? axis, bool keepDim, float scale, string name, out AxisLayout layout)
    {
        int[] shape;
        if (axis is null)
        {
            layout = new AxisLayout(1, x.Length, 1);
            shape = [];
        }
        else
        {
            int a = x.NormalizeAxis(axis.Value, name);
            layout = AxisLayout.Of(x.Dims, a);
            var dims = new List<int>(x.Shape);
            if (keepDim)
            {
                dims[a] = 1;
            }
            else
            {
                dims.RemoveAt(a);
            }

            shape = [.. dims];
        }

        var y = Tensor.Wrap(new float[layout.Outer * layout.Inner], shape);
        Span<float> yv = y.Buffer;
        ReadOnlySpan<float> xv = x.Buffer;
        int inner = layout.Inner;
        if (inner == 1)
        {
            for (int o = 0; o < layout.Outer; o++)
            {
                yv[o] = scale * System.Numerics.Tensors.TensorPrimitives.Sum(xv.Slice(o * layout.Length, layout.Length));
            }
        }
        else
        {
            for (int o = 0; o < layout.Outer; o++)
            {
                Span<float> yr = yv.Slice(o * inner, inner);
                for (int j = 0; j < layout.Length; j++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(yr, xv.Slice((o * layout.Length + j) * inner, inner), yr);
                }

                if (scale != 1f)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(yr, scale, yr);
                }
            }
        }

        return y;
    }

    /// <summary>dx[o, j, i] += scale · g[o, i] for every j along the reduced axis.</summary>
    internal static void Expand(Span<float> dx, ReadOnlySpan<float> g, AxisLayout layout, float scale)
    {
        int inner = layout.Inner;
        if (inner == 1)
        {
            for (int o = 0; o < layout.Outer; o++)
            {
                Span<float> d = dx.Slice(o * layout.Length, layout.Length);
                System.Numerics.Tensors.TensorPrimitives.Add(d, scale * g[o], d);
            }

            return;
        }

        for (int o = 0; o < layout.Outer; o++)
        {
            ReadOnlySpan<float> gr = g.Slice(o * inner, inner);
            for (int j = 0; j < layout.Length; j++)
            {
                Span<float> d = dx.Slice((o * layout.Length + j) * inner, inner);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gr, scale, d, d);
            }
        }
    }
}

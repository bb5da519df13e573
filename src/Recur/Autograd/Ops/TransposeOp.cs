namespace Recur.Autograd.Ops;

/// <summary>
/// Swaps two axes of an N-D tensor: (…, p, …, q, …) → (…, q, …, p, …), copying the data into the new row-major order.
/// Backward: the output gradient transposed back, added.
/// </summary>
internal sealed class TransposeOp : Function
{
    private int _outer;
    private int _p;
    private int _middle;
    private int _q;
    private int _inner;

    /// <summary>y = x with axes <paramref name="axis0"/> and <paramref name="axis1"/> swapped (negative axes count from the end).</summary>
    public static Tensor Forward(Tensor x, int axis0, int axis1)
    {
        int a0 = x.NormalizeAxis(axis0, "Transpose");
        int a1 = x.NormalizeAxis(axis1, "Transpose");
        (int lo, int hi) = a0 <= a1 ? (a0, a1) : (a1, a0);
        ReadOnlySpan<int> d = x.Dims;
        int outer = Broadcast.Product(d[..lo]);
        int p = d[lo];
        int middle = lo == hi ? 1 : Broadcast.Product(d[(lo + 1)..hi]);
        int q = lo == hi ? 1 : d[hi];
        int inner = Broadcast.Product(d[(hi + 1)..]);
        int[] shape = x.Shape;
        (shape[lo], shape[hi]) = (shape[hi], shape[lo]);
        var y = Tensor.Wrap(new float[x.Length], shape);
        Swap(y.Buffer, x.Buffer, outer, p, middle, q, inner, false);
        var op = new TransposeOp();
        if (op.TryRecord([x], y))
        {
            (op._outer, op._p, op._middle, op._q, op._inner) = (outer, p, middle, q, inner);
        }

        return y;
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (context.NeedsInputGrad(0))
        {
            // The output is laid out (outer, q, middle, p, inner); swapping back gives x's layout.
            Swap(context.InputGrad(0), context.OutputGrad(), _outer, _q, _middle, _p, _inner, true);
        }
    }

    /// <summary>dst (outer, q, middle, p, inner) (+)= src (outer, p, middle, q, inner) with the p and q axes exchanged.</summary>
    private static void Swap(Span<float> dst, ReadOnlySpan<float> src, int outer, int p, int middle, int q, int inner, bool accumulate)
    {
        if (inner == 1)
        {
            SwapElements(dst, src, outer, p, middle, q, accumulate);
            return;
        }

        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < p; i++)
            {
                for (int m = 0; m < middle; m++)
                {
                    for (int j = 0; j < q; j++)
                    {
                        int s = (((o * p + i) * middle + m) * q + j) * inner;
                        int t = (((o * q + j) * middle + m) * p + i) * inner;
                        ReadOnlySpan<float> from = src.Slice(s, inner);
                        Span<float> to = dst.Slice(t, inner);
                        if (accumulate)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(to, from, to);
                        }
                        else
                        {
                            from.CopyTo(to);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The inner = 1 case element by element (e.g. a 2-D transpose).</summary>
    private static void SwapElements(Span<float> dst, ReadOnlySpan<float> src, int outer, int p, int middle, int q, bool accumulate)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < p; i++)
            {
                for (int m = 0; m < middle; m++)
                {
                    int s = ((o * p + i) * middle + m) * q;
                    int t = (o * q * middle + m) * p + i;
                    int step = middle * p;
                    if (accumulate)
                    {
                        for (int j = 0; j < q; j++)
                        {
                            dst[t + j * step] += src[s + j];
                        }
                    }
                    else
                    {
                        for (int j = 0; j < q; j++)
                        {
                            dst[t + j * step] = src[s + j];
                        }
                    }
                }
            }
        }
    }
}

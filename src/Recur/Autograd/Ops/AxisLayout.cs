namespace Recur.Autograd.Ops;

/// <summary>
/// A tensor viewed as (outer, length, inner) around one axis: outer is the product of the axes before it,
/// inner the product of the axes after it. Shared by reductions, concat, slice and index-select.
/// </summary>
internal readonly record struct AxisLayout(int Outer, int Length, int Inner)
{
    /// <summary>The layout of <paramref name="dims"/> around (normalized) <paramref name="axis"/>.</summary>
    public static AxisLayout Of(ReadOnlySpan<int> dims, int axis) =>
        new(Broadcast.Product(dims[..axis]), dims[axis], Broadcast.Product(dims[(axis + 1)..]));

    /// <summary>
    /// Copies (or, with <paramref name="accumulate"/>, adds) rows along the axis: for each outer index o and
    /// each j in [0, count), dst[o, dstStart + j, :] (+)= src[o, srcStart + j, :].
    /// </summary>
    public static void CopyRows(
        Span<float> dst, AxisLayout dstLayout, int dstStart,
        ReadOnlySpan<float> src, AxisLayout srcLayout, int srcStart,
        int count, bool accumulate)
    {
        int inner = dstLayout.Inner;
        int block = count * inner;
        if (block == 0)
        {
            return;
        }

        for (int o = 0; o < dstLayout.Outer; o++)
        {
            Span<float> d = dst.Slice((o * dstLayout.Length + dstStart) * inner, block);
            ReadOnlySpan<float> s = src.Slice((o * srcLayout.Length + srcStart) * inner, block);
            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(d, s, d);
            }
            else
            {
                s.CopyTo(d);
            }
        }
    }
}

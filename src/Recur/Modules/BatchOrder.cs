namespace Recur.Modules;

/// <summary>
/// The batch order a recurrent layer runs a variable-length batch in: sequences sorted by length, longest first
/// (stable), so that the sequences still active at step t are the first <see cref="ActiveCount"/>(t) rows. Tensors laid
/// out (outer, B, width) are gathered into that order before the time loop and scattered back after it, so the
/// caller's batch order is preserved (no sorting is ever asked of the caller).
/// </summary>
internal sealed class BatchOrder
{
    [ThreadStatic]
    private static BatchOrder? t_identity;

    private readonly int[]? _counts;
    private readonly int _batch;

    /// <param name="order">See <see cref="Order"/>.</param>
    /// <param name="counts">Active rows per step, or null when all <paramref name="batch"/> rows run every step.</param>
    /// <param name="batch">B.</param>
    private BatchOrder(int[]? order, int[]? counts, int batch)
    {
        Order = order;
        _counts = counts;
        _batch = batch;
    }

    /// <summary>Row i of the sorted order is caller row Order[i]; null when the caller's order is already sorted.</summary>
    public int[]? Order { get; }

    /// <summary>True when no gather or scatter is needed.</summary>
    public bool IsIdentity => Order is null;

    /// <summary>The number of sequences still running at step t (lengths[b] &gt; t); B at every step without lengths.</summary>
    public int ActiveCount(int t) => _counts is null ? _batch : _counts[t];

    /// <summary>Builds the order for <paramref name="lengths"/> (B values in 1 … T, validated by the caller) or null (all T).</summary>
    public static BatchOrder Create(int[]? lengths, int steps, int batch)
    {
        if (lengths is null)
        {
            // Immutable, so the last one is kept (per thread) for the next call of the same batch size.
            BatchOrder? last = t_identity;
            if (last is null || last._batch != batch)
            {
                t_identity = last = new BatchOrder(null, null, batch);
            }

            return last;
        }

        var counts = new int[steps];
        int[] order = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            order[i] = i;
        }

        int[] keys = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            keys[i] = -lengths[i];
        }

        // Stable sort by descending length (insertion sort: B is small and usually nearly sorted).
        for (int i = 1; i < batch; i++)
        {
            int k = keys[i];
            int v = order[i];
            int j = i - 1;
            while (j >= 0 && keys[j] > k)
            {
                keys[j + 1] = keys[j];
                order[j + 1] = order[j];
                j--;
            }

            keys[j + 1] = k;
            order[j + 1] = v;
        }

        bool identity = true;
        for (int i = 0; i < batch; i++)
        {
            identity &= order[i] == i;
            int len = lengths[i];
            for (int t = 0; t < len; t++)
            {
                counts[t]++;
            }
        }

        return new BatchOrder(identity ? null : order, counts, batch);
    }

    /// <summary>dst (outer, B, width) = src (outer, B, width) with the batch rows in sorted order: dst[o, i] = src[o, Order[i]].</summary>
    public void Gather(Span<float> dst, ReadOnlySpan<float> src, int outer, int batch, int width)
    {
        if (Order is null)
        {
            src[..(outer * batch * width)].CopyTo(dst);
            return;
        }

        for (int o = 0; o < outer; o++)
        {
            int baseOffset = o * batch * width;
            for (int i = 0; i < batch; i++)
            {
                src.Slice(baseOffset + (Order[i] * width), width).CopyTo(dst.Slice(baseOffset + (i * width), width));
            }
        }
    }

    /// <summary>dst (outer, B, width) (+)= src in sorted order scattered back: dst[o, Order[i]] (+)= src[o, i].</summary>
    public void Scatter(Span<float> dst, ReadOnlySpan<float> src, int outer, int batch, int width, bool accumulate)
    {
        for (int o = 0; o < outer; o++)
        {
            int baseOffset = o * batch * width;
            for (int i = 0; i < batch; i++)
            {
                int to = baseOffset + ((Order is null ? i : Order[i]) * width);
                ReadOnlySpan<float> from = src.Slice(baseOffset + (i * width), width);
                Span<float> target = dst.Slice(to, width);
                if (accumulate)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(target, from, target);
                }
                else
                {
                    from.CopyTo(target);
                }
            }
        }
    }
}

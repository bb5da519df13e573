using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// Per-thread free lists of <see cref="PackedMatrix"/> buffers for the recurrent ops: packing storage is pinned and
/// costs more to allocate than to fill at small sizes, so each call re-packs a pooled matrix of the same shape in
/// place. A matrix is rented for one call on one thread and returned on that thread (up to a few per shape and at most
/// <see cref="MaxPooledFloats"/> floats each are kept).
/// </summary>
internal static class PackedWeightPool
{
    private const long MaxPooledFloats = 1L << 22;
    private const int MaxPerShape = 4;

    [ThreadStatic]
    private static Dictionary<long, Stack<PackedMatrix>>? t_free;

    /// <summary>B = Wᵀ (k, n) for a weight W stored (n, k) row-major (y = x·Wᵀ).</summary>
    public static PackedMatrix Transposed(ReadOnlySpan<float> weight, int n, int k)
    {
        PackedMatrix p = Rent(k, n);
        p.Pack(weight, k, transposed: true);
        return p;
    }

    /// <summary>B (k, n) stored row-major with row stride n (y = x·W for a weight W (k, n)).</summary>
    public static PackedMatrix AsStored(ReadOnlySpan<float> b, int k, int n)
    {
        PackedMatrix p = Rent(k, n);
        p.Pack(b, n);
        return p;
    }

    /// <summary>Gives matrices back to the calling thread's pool (null entries are ignored).</summary>
    public static void Return(params ReadOnlySpan<PackedMatrix?> matrices)
    {
        foreach (PackedMatrix? p in matrices)
        {
            if (p is null || (long)p.K * p.N > MaxPooledFloats)
            {
                continue;
            }

            t_free ??= [];
            long key = Key(p.K, p.N);
            if (!t_free.TryGetValue(key, out Stack<PackedMatrix>? stack))
            {
                stack = new Stack<PackedMatrix>();
                t_free[key] = stack;
            }

            if (stack.Count < MaxPerShape)
            {
                stack.Push(p);
            }
        }
    }

    private static PackedMatrix Rent(int k, int n)
    {
        if (t_free is not null && t_free.TryGetValue(Key(k, n), out Stack<PackedMatrix>? stack) && stack.TryPop(out PackedMatrix? p))
        {
            return p;
        }

        return new PackedMatrix(k, n);
    }

    private static long Key(int k, int n) => ((long)k << 32) | (uint)n;
}

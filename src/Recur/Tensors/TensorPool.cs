namespace Recur;

/// <summary>
/// Exact-size arrays for tensors whose lifetime the caller ends with <see cref="Tensor.Dispose"/> (the outputs of the
/// recurrent layers): a training loop asks for the same sizes at every step, so a disposed output's array is the next
/// step's output instead of garbage that stays resident until a collection. Thread-safe; bounded to
/// <see cref="MaxPerLength"/> arrays of one length and <see cref="MaxPooledFloats"/> floats in all (beyond that, a
/// returned array is left to the collector).
/// </summary>
internal static class TensorPool
{
    /// <summary>Arrays kept per length.</summary>
    internal const int MaxPerLength = 4;

    /// <summary>Floats kept in all (64 MiB).</summary>
    internal const long MaxPooledFloats = 1L << 24;

    private static readonly Dictionary<int, Stack<float[]>> s_free = [];
    private static readonly Lock s_lock = new();
    private static long s_pooledFloats;

    /// <summary>Floats held by the pool now (for tests and diagnostics).</summary>
    internal static long PooledFloats
    {
        get
        {
            lock (s_lock)
            {
                return s_pooledFloats;
            }
        }
    }

    /// <summary>An array of exactly <paramref name="length"/> floats: a pooled one when there is one, else a new one.</summary>
    /// <param name="length">The element count.</param>
    /// <param name="clear">Whether the elements must be zero (otherwise they are unspecified).</param>
    public static float[] Rent(int length, bool clear)
    {
        float[]? a = null;
        lock (s_lock)
        {
            if (s_free.TryGetValue(length, out Stack<float[]>? stack) && stack.Count > 0)
            {
                a = stack.Pop();
                s_pooledFloats -= length;
            }
        }

        if (a is null)
        {
            return clear ? new float[length] : GC.AllocateUninitializedArray<float>(length);
        }

        if (clear)
        {
            Array.Clear(a);
        }

        return a;
    }

    /// <summary>Hands <paramref name="array"/> back; the caller must not use it afterwards.</summary>
    public static void Return(float[] array)
    {
        if (array.Length == 0)
        {
            return;
        }

        lock (s_lock)
        {
            if (s_pooledFloats + array.Length > MaxPooledFloats)
            {
                return;
            }

            if (!s_free.TryGetValue(array.Length, out Stack<float[]>? stack))
            {
                stack = new Stack<float[]>(MaxPerLength);
                s_free[array.Length] = stack;
            }

            if (stack.Count < MaxPerLength)
            {
                stack.Push(array);
                s_pooledFloats += array.Length;
            }
        }
    }
}

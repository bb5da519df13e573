using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// The one place where element-wise kernels choose their vector width: a <see cref="Vector512{T}"/> main loop when
/// 512-bit vectors are hardware-accelerated, then one <see cref="Vector256{T}"/> step (or a Vector256 main loop on
/// AVX2-only hardware), then a scalar tail (or scalar loop on hardware without either). Lengths are validated by the
/// callers; every loop reads an element before writing the same index, so y may alias x exactly. Reductions keep one
/// float accumulator per vector lane and sum the scalar part in double (so the scalar-only fallback is not less
/// accurate than the vector paths).
/// </summary>
internal static class ElementwiseDriver
{
    /// <summary>y[i] = f(x[i]) for i &lt; x.Length; y.Length == x.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<TOp>(Span<float> y, ReadOnlySpan<float> x)
        where TOp : struct, IUnaryOperator
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = TOp.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>dx[i] = TOp(x[i], y[i], dy[i], dx[i]) for i &lt; dx.Length; all spans have dx's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<TOp>(Span<float> dx, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy)
        where TOp : struct, IBackwardOperator
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        nuint n = (nuint)dx.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                Vector512<float> xv = TOp.ReadsInput ? Vector512.LoadUnsafe(ref xr, i) : default;
                Vector512<float> yv = TOp.ReadsOutput ? Vector512.LoadUnsafe(ref yr, i) : default;
                TOp.Invoke(xv, yv, Vector512.LoadUnsafe(ref dyr, i), Vector512.LoadUnsafe(ref dxr, i)).StoreUnsafe(ref dxr, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> xv = TOp.ReadsInput ? Vector256.LoadUnsafe(ref xr, i) : default;
                Vector256<float> yv = TOp.ReadsOutput ? Vector256.LoadUnsafe(ref yr, i) : default;
                TOp.Invoke(xv, yv, Vector256.LoadUnsafe(ref dyr, i), Vector256.LoadUnsafe(ref dxr, i)).StoreUnsafe(ref dxr, i);
            }
        }

        for (; i < n; i++)
        {
            float xs = TOp.ReadsInput ? Unsafe.Add(ref xr, i) : 0f;
            float ys = TOp.ReadsOutput ? Unsafe.Add(ref yr, i) : 0f;
            Unsafe.Add(ref dxr, i) = TOp.Invoke(xs, ys, Unsafe.Add(ref dyr, i), Unsafe.Add(ref dxr, i));
        }
    }

    /// <summary>max_i x[i] (−∞ for an empty span). A NaN may or may not win; callers propagate NaN through exp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        float max = float.NegativeInfinity;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> acc = Vector512.LoadUnsafe(ref xr);
            for (i = 16; i + 16 <= n; i += 16)
            {
                acc = Vector512.MaxNative(acc, Vector512.LoadUnsafe(ref xr, i));
            }

            max = HorizontalMax(Vector256.MaxNative(acc.GetLower(), acc.GetUpper()));
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                max = MathF.Max(max, HorizontalMax(Vector256.LoadUnsafe(ref xr, i)));
            }
        }

        for (; i < n; i++)
        {
            max = MathF.Max(max, Unsafe.Add(ref xr, i));
        }

        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float HorizontalMax(Vector256<float> v)
    {
        Vector128<float> m = Vector128.MaxNative(v.GetLower(), v.GetUpper());
        return MathF.Max(MathF.Max(m.GetElement(0), m.GetElement(1)), MathF.Max(m.GetElement(2), m.GetElement(3)));
    }

    /// <summary>Σ_i x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                acc += Vector512.LoadUnsafe(ref xr, i);
            }

            sum += Vector512.Sum(acc);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                acc += Vector256.LoadUnsafe(ref xr, i);
            }

            sum += Vector256.Sum(acc);
        }

        double tail = 0;
        for (; i < n; i++)
        {
            tail += Unsafe.Add(ref xr, i);
        }

        return (float)(sum + tail);
    }

    /// <summary>Σ_i a[i]·b[i]; b.Length ≥ a.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        nuint n = (nuint)a.Length;
        nuint i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, i), Vector512.LoadUnsafe(ref br, i), acc);
            }

            sum += Vector512.Sum(acc);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, i), Vector256.LoadUnsafe(ref br, i), acc);
            }

            sum += Vector256.Sum(acc);
        }

        double tail = 0;
        for (; i < n; i++)
        {
            tail += (double)Unsafe.Add(ref ar, i) * Unsafe.Add(ref br, i);
        }

        return (float)(sum + tail);
    }

    /// <summary>Σ_i e^(x[i] − shift), also storing each term in y[i] when <paramref name="store"/> is true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SumExpShifted(Span<float> y, ReadOnlySpan<float> x, float shift, bool store)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s = Vector512.Create(shift);
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                Vector512<float> e = VectorMath.Exp(Vector512.LoadUnsafe(ref xr, i) - s);
                if (store)
                {
                    e.StoreUnsafe(ref yr, i);
                }

                acc += e;
            }

            sum += Vector512.Sum(acc);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> s = Vector256.Create(shift);
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> e = VectorMath.Exp(Vector256.LoadUnsafe(ref xr, i) - s);
                if (store)
                {
                    e.StoreUnsafe(ref yr, i);
                }

                acc += e;
            }

            sum += Vector256.Sum(acc);
        }

        double tail = 0;
        for (; i < n; i++)
        {
            float e = VectorMath.Exp(Unsafe.Add(ref xr, i) - shift);
            if (store)
            {
                Unsafe.Add(ref yr, i) = e;
            }

            tail += e;
        }

        return (float)(sum + tail);
    }

    /// <summary>y[i] = x[i]·scale + offset (one rounding: FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(Span<float> y, ReadOnlySpan<float> x, float scale, float offset)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a = Vector512.Create(scale);
            Vector512<float> b = Vector512.Create(offset);
            for (; i + 16 <= n; i += 16)
            {
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, i), a, b).StoreUnsafe(ref yr, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a = Vector256.Create(scale);
            Vector256<float> b = Vector256.Create(offset);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, i), a, b).StoreUnsafe(ref yr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, i), scale, offset);
        }
    }

    /// <summary>y[i] = (x[i] − a) − b, two roundings in that order (log-softmax keeps x − max exact near the max).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractTwice(Span<float> y, ReadOnlySpan<float> x, float a, float b)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> av = Vector512.Create(a);
            Vector512<float> bv = Vector512.Create(b);
            for (; i + 16 <= n; i += 16)
            {
                (Vector512.LoadUnsafe(ref xr, i) - av - bv).StoreUnsafe(ref yr, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> av = Vector256.Create(a);
            Vector256<float> bv = Vector256.Create(b);
            for (; i + 8 <= n; i += 8)
            {
                (Vector256.LoadUnsafe(ref xr, i) - av - bv).StoreUnsafe(ref yr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = Unsafe.Add(ref xr, i) - a - b;
        }
    }

    /// <summary>Softmax backward for one row: dx[i] += y[i]·(dy[i] − dot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackwardRow(Span<float> dx, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, float dot)
    {
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        nuint n = (nuint)dx.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> d = Vector512.Create(dot);
            for (; i + 16 <= n; i += 16)
            {
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref yr, i), Vector512.LoadUnsafe(ref dyr, i) - d, Vector512.LoadUnsafe(ref dxr, i)).StoreUnsafe(ref dxr, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> d = Vector256.Create(dot);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref yr, i), Vector256.LoadUnsafe(ref dyr, i) - d, Vector256.LoadUnsafe(ref dxr, i)).StoreUnsafe(ref dxr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dxr, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref yr, i), Unsafe.Add(ref dyr, i) - dot, Unsafe.Add(ref dxr, i));
        }
    }

    /// <summary>Log-softmax backward for one row: dx[i] += dy[i] − e^(y[i])·sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSoftmaxBackwardRow(Span<float> dx, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, float sum)
    {
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        nuint n = (nuint)dx.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s = Vector512.Create(-sum);
            for (; i + 16 <= n; i += 16)
            {
                Vector512<float> g = Vector512.FusedMultiplyAdd(VectorMath.Exp(Vector512.LoadUnsafe(ref yr, i)), s, Vector512.LoadUnsafe(ref dyr, i));
                (Vector512.LoadUnsafe(ref dxr, i) + g).StoreUnsafe(ref dxr, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> s = Vector256.Create(-sum);
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> g = Vector256.FusedMultiplyAdd(VectorMath.Exp(Vector256.LoadUnsafe(ref yr, i)), s, Vector256.LoadUnsafe(ref dyr, i));
                (Vector256.LoadUnsafe(ref dxr, i) + g).StoreUnsafe(ref dxr, i);
            }
        }

        for (; i < n; i++)
        {
            float g = MathF.FusedMultiplyAdd(VectorMath.Exp(Unsafe.Add(ref yr, i)), -sum, Unsafe.Add(ref dyr, i));
            Unsafe.Add(ref dxr, i) += g;
        }
    }
}

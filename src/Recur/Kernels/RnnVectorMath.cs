using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// Inlinable Vector512 activations for the fused GRU / RNN gate kernels, plus unchecked span loads and stores.
/// exp: Cephes-style range reduction (x = n·ln2 + r, hi/lo split of ln2) and a degree-6 polynomial, inputs clamped
/// to [−87.3, 88.3] so that nothing overflows to inf (relative error ≈ 1e-7). σ(x) = 1 / (1 + e^(−x)).
/// tanh: odd polynomial x + x³·P(x²) for |x| &lt; 0.625 (Cephes tanhf), otherwise sign(x)·(1 − t)/(1 + t) with
/// t = e^(−2|x|); relative error a few 1e-7.
/// </summary>
internal static class RnnVectorMath
{
    /// <summary>Lanes of a Vector512&lt;float&gt;.</summary>
    public const int Width = 16;

    /// <summary>Whether the vector paths should be used (Vector512 runs in hardware).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    /// <summary>e^x, lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-87.3f)), Vector512.Create(88.3f));
        Vector512<float> fx = Vector512.Round(x * Vector512.Create(1.44269504088896341f));
        Vector512<float> r = Vector512.FusedMultiplyAdd(fx, Vector512.Create(-0.693359375f), x);
        r = Vector512.FusedMultiplyAdd(fx, Vector512.Create(2.12194440e-4f), r);
        Vector512<float> p = Vector512.Create(1.9875691500E-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073E-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894E-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459E-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201E-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        Vector512<int> n = Vector512.ConvertToInt32(fx);
        Vector512<float> scale = Vector512.ShiftLeft(n + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <summary>σ(x) = 1 / (1 + e^(−x)), lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>tanh x, lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x);
        Vector512<float> t = Exp(a * Vector512.Create(-2f));
        Vector512<float> large = (Vector512<float>.One - t) / (Vector512<float>.One + t);
        large = Vector512.CopySign(large, x);
        Vector512<float> z = x * x;
        Vector512<float> p = Vector512.Create(-5.70498872745E-3f);
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(2.06390887954E-2f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(-5.37397155531E-2f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(1.33314422036E-1f));
        p = Vector512.FusedMultiplyAdd(p, z, Vector512.Create(-3.33332819422E-1f));
        Vector512<float> small = Vector512.FusedMultiplyAdd(p * z, x, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(0.625f)), small, large);
    }

    /// <summary>16 floats from <paramref name="s"/> at <paramref name="i"/> (no bounds check: the caller guarantees i + 16 ≤ length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ReadOnlySpan<float> s, int i) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);

    /// <summary>Stores 16 floats into <paramref name="s"/> at <paramref name="i"/> (no bounds check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Span<float> s, int i, Vector512<float> v) => v.StoreUnsafe(ref MemoryMarshal.GetReference(s), (nuint)i);
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>
/// Inlinable float32 transcendental functions for <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> and scalars,
/// for fused kernels (LSTM/GRU gates) and the element-wise kernels. All three widths run the same sequence of IEEE
/// operations (FMA where FMA is written), so a value gets the bit-identical result whatever lane or tail it lands in.
/// </summary>
/// <remarks>
/// <para>Accuracy, measured against a double-precision reference over every float in the range (see the kernel
/// tests and an exhaustive scan): <see cref="Exp(float)"/> ≤ 7.4e-8 relative for results in the normal range (x ≥ −87.33; below that the
/// result is a subnormal and the error is below 1.2e-38 absolute); <see cref="Sigmoid(float)"/> ≤ 1.54e-7 relative
/// (same subnormal caveat for x &lt; −87.3); <see cref="Tanh(float)"/> ≤ 1.56e-7 relative everywhere, including
/// |x| → 0 where a degree-11 odd minimax polynomial replaces the exp form.</para>
/// <para>Special values: exp(+∞) = +∞ (and exp overflows to +∞ for x &gt; 88.72, as float must), exp(−∞) = 0,
/// σ(+∞) = 1, σ(−∞) = 0, tanh(±∞) = ±1, tanh(±0) = ±0; NaN propagates. Inputs are clamped to [−104, 89] before the
/// range reduction, so no intermediate ever becomes ∞ − ∞ or 0 · ∞.</para>
/// <para>Algorithm (exp): n = round(x·log2 e) via the 1.5·2²³ trick, r = x − n·ln 2 in two FMA steps (Cody–Waite;
/// the first step is exact), e^r by a degree-7 minimax polynomial on |r| ≤ 0.35, then scaling by 2ⁿ in two exact
/// halves (or one VSCALEFPS on AVX-512), so overflow gives ∞ and underflow gives correctly rounded subnormals.</para>
/// <para>Why not System.Numerics.Tensors.TensorPrimitives (v11), measured on this machine: its Exp and Sigmoid reach
/// 1.49e-7 and 2.26e-7 relative error and run 2–4× slower than these; its Tanh returns −5.96e-8 for tanh(0) and
/// 9.5367e-7 for tanh(1e-6) (4.6% off), and its SoftMax does not subtract the max (SoftMax([1000, 999, 0]) is NaN).
/// Using our own functions also makes the element-wise kernels bit-identical to the fused gate kernels.</para>
/// </remarks>
internal static class VectorMath
{
    /// <summary>Inputs below this give exp(x) = 0 after rounding; clamping here keeps the reduction finite.</summary>
    private const float ExpMin = -104f;

    /// <summary>Inputs above this overflow to +∞ (e^88.73 &gt; float.MaxValue); clamping keeps n ≤ 128.</summary>
    private const float ExpMax = 89f;

    private const float Log2E = 1.4426950216293335f;
    private const float RoundMagic = 12582912f; // 1.5 · 2^23: adding it rounds to an integer held in the low bits.
    private const int RoundMagicBits = 0x4B400000;
    private const float Ln2Hi = 0.6931471824645996f;
    private const float Ln2Lo = -1.9046542121259336e-09f;

    // e^r ≈ 1 + r·(1 + r·(E0 + r·(E1 + … + r·E5))) on |r| ≤ 0.35, minimax (Chebyshev) fit, 2.4e-10 relative.
    private const float E0 = 0.5f;
    private const float E1 = 0.1666666716337204f;
    private const float E2 = 0.04166645556688309f;
    private const float E3 = 0.00833331048488617f;
    private const float E4 = 0.0013934532180428505f;
    private const float E5 = 0.00019891970441676676f;

    /// <summary>Below this |x|, tanh uses the odd polynomial; above, (1 − e^(−2|x|)) / (1 + e^(−2|x|)).</summary>
    private const float TanhPolyLimit = 0.625f;

    // tanh(x) ≈ x + x³·(T0 + u·(T1 + u·(T2 + u·(T3 + u·T4)))), u = x², on |x| ≤ 0.625, 1.7e-8 relative.
    private const float T0 = -0.333333283662796f;
    private const float T1 = 0.1333276927471161f;
    private const float T2 = -0.05385090783238411f;
    private const float T3 = 0.020997179672122f;
    private const float T4 = -0.006096714176237583f;

    /// <summary>e^x for 16 lanes. Accuracy and special values as in the class remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = ClampKeepNaN(x, Vector512.Create(ExpMin), Vector512.Create(ExpMax));
        Vector512<float> magic = Vector512.Create(RoundMagic);
        Vector512<float> v = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), magic);
        Vector512<float> n = v - magic;
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(E5), r, Vector512.Create(E4));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E3));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E2));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E1));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512.Create(E0));
        q = Vector512.FusedMultiplyAdd(q, r, Vector512<float>.One);
        Vector512<float> p = Vector512.FusedMultiplyAdd(q, r, Vector512<float>.One);
        if (Avx512F.IsSupported)
        {
            return Avx512F.Scale(p, n);
        }

        Vector512<int> ni = v.AsInt32() - Vector512.Create(RoundMagicBits);
        Vector512<int> n1 = Vector512.ShiftRightArithmetic(ni, 1);
        Vector512<int> n2 = ni - n1;
        Vector512<int> bias = Vector512.Create(127);
        return p * Vector512.ShiftLeft(n1 + bias, 23).AsSingle() * Vector512.ShiftLeft(n2 + bias, 23).AsSingle();
    }

    /// <summary>e^x for 8 lanes. Accuracy and special values as in the class remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = ClampKeepNaN(x, Vector256.Create(ExpMin), Vector256.Create(ExpMax));
        Vector256<float> magic = Vector256.Create(RoundMagic);
        Vector256<float> v = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), magic);
        Vector256<float> n = v - magic;
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Lo), r);
        Vector256<float> q = Vector256.FusedMultiplyAdd(Vector256.Create(E5), r, Vector256.Create(E4));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E3));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E2));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E1));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256.Create(E0));
        q = Vector256.FusedMultiplyAdd(q, r, Vector256<float>.One);
        Vector256<float> p = Vector256.FusedMultiplyAdd(q, r, Vector256<float>.One);
        if (Avx512F.VL.IsSupported)
        {
            return Avx512F.VL.Scale(p, n);
        }

        Vector256<int> ni = v.AsInt32() - Vector256.Create(RoundMagicBits);
        Vector256<int> n1 = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<int> n2 = ni - n1;
        Vector256<int> bias = Vector256.Create(127);
        return p * Vector256.ShiftLeft(n1 + bias, 23).AsSingle() * Vector256.ShiftLeft(n2 + bias, 23).AsSingle();
    }

    /// <summary>e^x, the scalar twin of the vector versions (bit-identical results).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        if (x < ExpMin)
        {
            x = ExpMin;
        }

        if (x > ExpMax)
        {
            x = ExpMax;
        }

        float v = MathF.FusedMultiplyAdd(x, Log2E, RoundMagic);
        float n = v - RoundMagic;
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, x);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        float q = MathF.FusedMultiplyAdd(E5, r, E4);
        q = MathF.FusedMultiplyAdd(q, r, E3);
        q = MathF.FusedMultiplyAdd(q, r, E2);
        q = MathF.FusedMultiplyAdd(q, r, E1);
        q = MathF.FusedMultiplyAdd(q, r, E0);
        q = MathF.FusedMultiplyAdd(q, r, 1f);
        float p = MathF.FusedMultiplyAdd(q, r, 1f);
        int ni = BitConverter.SingleToInt32Bits(v) - RoundMagicBits;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * BitConverter.Int32BitsToSingle((n1 + 127) << 23) * BitConverter.Int32BitsToSingle((n2 + 127) << 23);
    }

    /// <summary>Logistic sigmoid 1 / (1 + e^(−x)) for 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>Logistic sigmoid 1 / (1 + e^(−x)) for 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>Logistic sigmoid, the scalar twin of the vector versions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    /// <summary>Hyperbolic tangent for 16 lanes (polynomial for |x| &lt; 0.625, exp form above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x);
        Vector512<float> u = x * x;
        Vector512<float> g = Vector512.FusedMultiplyAdd(Vector512.Create(T4), u, Vector512.Create(T3));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(T2));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(T1));
        g = Vector512.FusedMultiplyAdd(g, u, Vector512.Create(T0));
        Vector512<float> small = Vector512.FusedMultiplyAdd(a * u, g, a);
        Vector512<float> t = Exp(a * Vector512.Create(-2f));
        Vector512<float> large = (Vector512<float>.One - t) / (Vector512<float>.One + t);
        Vector512<float> magnitude = Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(TanhPolyLimit)), small, large);
        return Vector512.ConditionalSelect(Vector512.Create(-0f), x, magnitude);
    }

    /// <summary>Hyperbolic tangent for 8 lanes (polynomial for |x| &lt; 0.625, exp form above).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x);
        Vector256<float> u = x * x;
        Vector256<float> g = Vector256.FusedMultiplyAdd(Vector256.Create(T4), u, Vector256.Create(T3));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(T2));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(T1));
        g = Vector256.FusedMultiplyAdd(g, u, Vector256.Create(T0));
        Vector256<float> small = Vector256.FusedMultiplyAdd(a * u, g, a);
        Vector256<float> t = Exp(a * Vector256.Create(-2f));
        Vector256<float> large = (Vector256<float>.One - t) / (Vector256<float>.One + t);
        Vector256<float> magnitude = Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(TanhPolyLimit)), small, large);
        return Vector256.ConditionalSelect(Vector256.Create(-0f), x, magnitude);
    }

    /// <summary>Hyperbolic tangent, the scalar twin of the vector versions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x)
    {
        float a = MathF.Abs(x);
        if (a < TanhPolyLimit)
        {
            float u = x * x;
            float g = MathF.FusedMultiplyAdd(T4, u, T3);
            g = MathF.FusedMultiplyAdd(g, u, T2);
            g = MathF.FusedMultiplyAdd(g, u, T1);
            g = MathF.FusedMultiplyAdd(g, u, T0);
            return MathF.CopySign(MathF.FusedMultiplyAdd(a * u, g, a), x);
        }

        float t = Exp(a * -2f);
        return MathF.CopySign((1f - t) / (1f + t), x);
    }

    /// <summary>min(max(x, lo), hi) lane-wise, leaving NaN lanes NaN (unlike the native min/max instructions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ClampKeepNaN(Vector512<float> x, Vector512<float> lo, Vector512<float> hi)
    {
        if (Avx512F.IsSupported)
        {
            // VMAXPS/VMINPS return their second operand when either is NaN: with x second, NaN passes through, and
            // otherwise the result is the same as the compare-and-select below (two instructions instead of four).
            return Avx512F.Min(hi, Avx512F.Max(lo, x));
        }

        x = Vector512.ConditionalSelect(Vector512.LessThan(x, lo), lo, x);
        return Vector512.ConditionalSelect(Vector512.GreaterThan(x, hi), hi, x);
    }

    /// <summary>min(max(x, lo), hi) lane-wise, leaving NaN lanes NaN (unlike the native min/max instructions).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ClampKeepNaN(Vector256<float> x, Vector256<float> lo, Vector256<float> hi)
    {
        if (Avx.IsSupported)
        {
            return Avx.Min(hi, Avx.Max(lo, x)); // as the Vector512 version
        }

        x = Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, x);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, hi), hi, x);
    }

    /// <summary>min(max(x, lo), hi), leaving NaN as NaN; the scalar twin of the vector versions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ClampKeepNaN(float x, float lo, float hi)
    {
        if (x < lo)
        {
            x = lo;
        }

        if (x > hi)
        {
            x = hi;
        }

        return x;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// The fused element-wise passes of one LSTM time step over a block of rows (batch entries), forward and backward.
/// A row of the gate buffer holds the G·H gate values of one batch entry in PyTorch's block order: i, f, g, o
/// (G = 4), or i, g, o when the input and forget gates are coupled (G = 3, f = 1 − i). Outputs first, then inputs,
/// then sizes; the backward pass accumulates only into the peephole gradients and overwrites the rest.
/// Vector512 lanes with a scalar tail that runs the same operation sequence (bit-identical per element), using the
/// <see cref="VectorMath"/> sigmoid and tanh.
/// </summary>
/// <remarks>
/// Forward, per element j (σ the gate activation — sigmoid or hard sigmoid clamp(0.2x + 0.5, 0, 1) —, φ the state
/// activation — tanh or softsign x / (1 + |x|)):
/// <code>
/// i = σ(a_i + p_i·c_prev)     f = σ(a_f + p_f·c_prev)  (coupled: f = 1 − i)     g = φ(a_g)
/// c = f·c_prev + i·g;  c = clamp(c, −clip, clip) when clip &gt; 0
/// o = σ(a_o + p_o·c)          m = o·φ(c)
/// </code>
/// (the peephole terms only with peepholes). The gate buffer is overwritten with the activations i, (f,) g, o.
/// Backward, with dm = dL/dm and dc = dL/dc_t from step t + 1:
/// <code>
/// dA_o = dm·φ(c)·σ'(o);  dc' = dc + dm·o·φ'(φ(c)) + p_o·dA_o;  dc' = 0 where clipped
/// dA_i = dc'·g·σ'(i) (coupled: dc'·(g − c_prev)·σ'(i));  dA_f = dc'·c_prev·σ'(f);  dA_g = dc'·i·φ'(g)
/// dc_prev = dc'·f + p_i·dA_i + p_f·dA_f;  dp_i += dA_i·c_prev;  dp_f += dA_f·c_prev;  dp_o += dA_o·c
/// </code>
/// </remarks>
internal static class LstmGates
{
    /// <summary>
    /// Forward pass over <paramref name="rows"/> rows. <paramref name="gates"/> (rows, ldg) holds the pre-activations
    /// and receives the activations; <paramref name="c"/> (rows, H) holds c_{t−1} and receives c_t;
    /// <paramref name="m"/> (rows, H) receives o·φ(c_t); <paramref name="cPre"/> (rows, H), when not empty, receives c_t
    /// before clipping. Peephole spans (H each) are empty when the layer has none (<paramref name="peepholeF"/> is
    /// ignored when coupled).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(
        Span<float> gates, Span<float> c, Span<float> m, Span<float> cPre,
        ReadOnlySpan<float> peepholeI, ReadOnlySpan<float> peepholeF, ReadOnlySpan<float> peepholeO,
        int rows, int hidden, int ldg, bool coupled, float cellClip, bool hardSigmoid, bool softsign)
    {
        int h = hidden;
        if (rows == 0 || h == 0)
        {
            return;
        }

        if (gates.Length < ((rows - 1) * ldg) + ((coupled ? 3 : 4) * h) || c.Length < rows * h || m.Length < rows * h
            || (!cPre.IsEmpty && cPre.Length < rows * h))
        {
            throw new ArgumentException("LstmGates.Forward: a buffer is shorter than rows × width.");
        }

        bool peep = !peepholeI.IsEmpty;
        if (peep && (peepholeI.Length < h || peepholeO.Length < h || (!coupled && peepholeF.Length < h)))
        {
            throw new ArgumentException("LstmGates.Forward: a peephole vector is shorter than H.");
        }

        int fOff = h;
        int gOff = coupled ? h : 2 * h;
        int oOff = coupled ? 2 * h : 3 * h;
        bool keepPre = !cPre.IsEmpty;
        bool clip = cellClip > 0f;
        ref float pi = ref MemoryMarshal.GetReference(peepholeI);
        ref float pf = ref MemoryMarshal.GetReference(peepholeF);
        ref float po = ref MemoryMarshal.GetReference(peepholeO);
        for (int r = 0; r < rows; r++)
        {
            ref float g = ref MemoryMarshal.GetReference(gates.Slice(r * ldg));
            ref float cr = ref MemoryMarshal.GetReference(c.Slice(r * h));
            ref float mr = ref MemoryMarshal.GetReference(m.Slice(r * h));
            ref float pre = ref keepPre ? ref MemoryMarshal.GetReference(cPre.Slice(r * h)) : ref cr;
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> clipHi = Vector512.Create(cellClip);
                Vector512<float> clipLo = -clipHi;
                for (; j <= h - 16; j += 16)
                {
                    nuint u = (nuint)j;
                    Vector512<float> cp = Vector512.LoadUnsafe(ref cr, u);
                    Vector512<float> ai = Vector512.LoadUnsafe(ref g, u);
                    if (peep)
                    {
                        ai = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pi, u), cp, ai);
                    }

                    Vector512<float> iv = Gate(ai, hardSigmoid);
                    Vector512<float> fv;
                    if (coupled)
                    {
                        fv = Vector512<float>.One - iv;
                    }
                    else
                    {
                        Vector512<float> af = Vector512.LoadUnsafe(ref g, u + (nuint)fOff);
                        if (peep)
                        {
                            af = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pf, u), cp, af);
                        }

                        fv = Gate(af, hardSigmoid);
                        fv.StoreUnsafe(ref g, u + (nuint)fOff);
                    }

                    Vector512<float> gv = State(Vector512.LoadUnsafe(ref g, u + (nuint)gOff), softsign);
                    Vector512<float> cv = Vector512.FusedMultiplyAdd(fv, cp, iv * gv);
                    if (keepPre)
                    {
                        cv.StoreUnsafe(ref pre, u);
                    }

                    if (clip)
                    {
                        cv = Vector512.Min(Vector512.Max(cv, clipLo), clipHi);
                    }

                    Vector512<float> ao = Vector512.LoadUnsafe(ref g, u + (nuint)oOff);
                    if (peep)
                    {
                        ao = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref po, u), cv, ao);
                    }

                    Vector512<float> ov = Gate(ao, hardSigmoid);
                    iv.StoreUnsafe(ref g, u);
                    gv.StoreUnsafe(ref g, u + (nuint)gOff);
                    ov.StoreUnsafe(ref g, u + (nuint)oOff);
                    cv.StoreUnsafe(ref cr, u);
                    (ov * State(cv, softsign)).StoreUnsafe(ref mr, u);
                }
            }

            for (; j < h; j++)
            {
                float cp = Unsafe.Add(ref cr, j);
                float ai = Unsafe.Add(ref g, j);
                if (peep)
                {
                    ai = MathF.FusedMultiplyAdd(Unsafe.Add(ref pi, j), cp, ai);
                }

                float iv = Gate(ai, hardSigmoid);
                float fv;
                if (coupled)
                {
                    fv = 1f - iv;
                }
                else
                {
                    float af = Unsafe.Add(ref g, fOff + j);
                    if (peep)
                    {
                        af = MathF.FusedMultiplyAdd(Unsafe.Add(ref pf, j), cp, af);
                    }

                    fv = Gate(af, hardSigmoid);
                    Unsafe.Add(ref g, fOff + j) = fv;
                }

                float gv = State(Unsafe.Add(ref g, gOff + j), softsign);
                float cv = MathF.FusedMultiplyAdd(fv, cp, iv * gv);
                if (keepPre)
                {
                    Unsafe.Add(ref pre, j) = cv;
                }

                if (clip)
                {
                    cv = MathF.Min(MathF.Max(cv, -cellClip), cellClip);
                }

                float ao = Unsafe.Add(ref g, oOff + j);
                if (peep)
                {
                    ao = MathF.FusedMultiplyAdd(Unsafe.Add(ref po, j), cv, ao);
                }

                float ov = Gate(ao, hardSigmoid);
                Unsafe.Add(ref g, j) = iv;
                Unsafe.Add(ref g, gOff + j) = gv;
                Unsafe.Add(ref g, oOff + j) = ov;
                Unsafe.Add(ref cr, j) = cv;
                Unsafe.Add(ref mr, j) = ov * State(cv, softsign);
            }
        }
    }

    /// <summary>
    /// Backward pass over <paramref name="rows"/> rows. Reads the activations <paramref name="gates"/> (rows, ldg),
    /// c_t before clipping <paramref name="cPre"/> (rows, H), c_{t−1} <paramref name="cPrev"/> (rows, H), and
    /// dL/dm <paramref name="dm"/> (rows, H); <paramref name="dc"/> (rows, H) holds dL/dc_t coming from step t + 1 and
    /// receives dL/dc_{t−1}; <paramref name="dGates"/> (rows, ldg) receives the pre-activation gradients (overwritten).
    /// The peephole gradients (H each, empty without peepholes) are ACCUMULATED.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        Span<float> dGates, Span<float> dc, Span<float> dPeepholeI, Span<float> dPeepholeF, Span<float> dPeepholeO,
        ReadOnlySpan<float> gates, ReadOnlySpan<float> cPre, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> dm,
        ReadOnlySpan<float> peepholeI, ReadOnlySpan<float> peepholeF, ReadOnlySpan<float> peepholeO,
        int rows, int hidden, int ldg, bool coupled, float cellClip, bool hardSigmoid, bool softsign)
    {
        int h = hidden;
        if (rows == 0 || h == 0)
        {
            return;
        }

        int width = (coupled ? 3 : 4) * h;
        int lastRow = (rows - 1) * ldg;
        if (dGates.Length < lastRow + width || gates.Length < lastRow + width || dc.Length < rows * h || cPre.Length < rows * h
            || cPrev.Length < rows * h || dm.Length < rows * h)
        {
            throw new ArgumentException("LstmGates.Backward: a buffer is shorter than rows × width.");
        }

        bool peep = !peepholeI.IsEmpty;
        if (peep && (peepholeI.Length < h || peepholeO.Length < h || dPeepholeI.Length < h || dPeepholeO.Length < h
            || (!coupled && (peepholeF.Length < h || dPeepholeF.Length < h))))
        {
            throw new ArgumentException("LstmGates.Backward: a peephole vector is shorter than H.");
        }

        int fOff = h;
        int gOff = coupled ? h : 2 * h;
        int oOff = coupled ? 2 * h : 3 * h;
        bool clip = cellClip > 0f;
        ref float pi = ref MemoryMarshal.GetReference(peepholeI);
        ref float pf = ref MemoryMarshal.GetReference(peepholeF);
        ref float po = ref MemoryMarshal.GetReference(peepholeO);
        ref float dpi = ref MemoryMarshal.GetReference(dPeepholeI);
        ref float dpf = ref MemoryMarshal.GetReference(dPeepholeF);
        ref float dpo = ref MemoryMarshal.GetReference(dPeepholeO);
        for (int r = 0; r < rows; r++)
        {
            ref float g = ref MemoryMarshal.GetReference(gates.Slice(r * ldg));
            ref float dg = ref MemoryMarshal.GetReference(dGates.Slice(r * ldg));
            ref float pre = ref MemoryMarshal.GetReference(cPre.Slice(r * h));
            ref float cpv = ref MemoryMarshal.GetReference(cPrev.Slice(r * h));
            ref float dmr = ref MemoryMarshal.GetReference(dm.Slice(r * h));
            ref float dcr = ref MemoryMarshal.GetReference(dc.Slice(r * h));
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                Vector512<float> clipHi = Vector512.Create(cellClip);
                Vector512<float> clipLo = -clipHi;
                for (; j <= h - 16; j += 16)
                {
                    nuint u = (nuint)j;
                    Vector512<float> iv = Vector512.LoadUnsafe(ref g, u);
                    Vector512<float> fv = coupled ? Vector512<float>.One - iv : Vector512.LoadUnsafe(ref g, u + (nuint)fOff);
                    Vector512<float> gv = Vector512.LoadUnsafe(ref g, u + (nuint)gOff);
                    Vector512<float> ov = Vector512.LoadUnsafe(ref g, u + (nuint)oOff);
                    Vector512<float> cv = Vector512.LoadUnsafe(ref pre, u);
                    Vector512<float> keep = Vector512<float>.AllBitsSet;
                    if (clip)
                    {
                        keep = Vector512.LessThanOrEqual(Vector512.Abs(cv), clipHi);
                        cv = Vector512.Min(Vector512.Max(cv, clipLo), clipHi);
                    }

                    Vector512<float> tc = State(cv, softsign);
                    Vector512<float> dmj = Vector512.LoadUnsafe(ref dmr, u);
                    Vector512<float> dGo = dmj * tc * GateDerivative(ov, hardSigmoid);
                    Vector512<float> dcc = Vector512.FusedMultiplyAdd(dmj * ov, StateDerivative(tc, softsign), Vector512.LoadUnsafe(ref dcr, u));
                    if (peep)
                    {
                        dcc = Vector512.FusedMultiplyAdd(dGo, Vector512.LoadUnsafe(ref po, u), dcc);
                        Vector512.FusedMultiplyAdd(dGo, cv, Vector512.LoadUnsafe(ref dpo, u)).StoreUnsafe(ref dpo, u);
                    }

                    if (clip)
                    {
                        dcc = Vector512.ConditionalSelect(keep, dcc, Vector512<float>.Zero);
                    }

                    Vector512<float> cp = Vector512.LoadUnsafe(ref cpv, u);
                    Vector512<float> dcp = dcc * fv;
                    Vector512<float> dGi;
                    if (coupled)
                    {
                        dGi = dcc * (gv - cp) * GateDerivative(iv, hardSigmoid);
                    }
                    else
                    {
                        dGi = dcc * gv * GateDerivative(iv, hardSigmoid);
                        Vector512<float> dGf = dcc * cp * GateDerivative(fv, hardSigmoid);
                        dGf.StoreUnsafe(ref dg, u + (nuint)fOff);
                        if (peep)
                        {
                            dcp = Vector512.FusedMultiplyAdd(dGf, Vector512.LoadUnsafe(ref pf, u), dcp);
                            Vector512.FusedMultiplyAdd(dGf, cp, Vector512.LoadUnsafe(ref dpf, u)).StoreUnsafe(ref dpf, u);
                        }
                    }

                    if (peep)
                    {
                        dcp = Vector512.FusedMultiplyAdd(dGi, Vector512.LoadUnsafe(ref pi, u), dcp);
                        Vector512.FusedMultiplyAdd(dGi, cp, Vector512.LoadUnsafe(ref dpi, u)).StoreUnsafe(ref dpi, u);
                    }

                    dGi.StoreUnsafe(ref dg, u);
                    (dcc * iv * StateDerivative(gv, softsign)).StoreUnsafe(ref dg, u + (nuint)gOff);
                    dGo.StoreUnsafe(ref dg, u + (nuint)oOff);
                    dcp.StoreUnsafe(ref dcr, u);
                }
            }

            for (; j < h; j++)
            {
                float iv = Unsafe.Add(ref g, j);
                float fv = coupled ? 1f - iv : Unsafe.Add(ref g, fOff + j);
                float gv = Unsafe.Add(ref g, gOff + j);
                float ov = Unsafe.Add(ref g, oOff + j);
                float cv = Unsafe.Add(ref pre, j);
                bool keep = true;
                if (clip)
                {
                    keep = MathF.Abs(cv) <= cellClip;
                    cv = MathF.Min(MathF.Max(cv, -cellClip), cellClip);
                }

                float tc = State(cv, softsign);
                float dmj = Unsafe.Add(ref dmr, j);
                float dGo = dmj * tc * GateDerivative(ov, hardSigmoid);
                float dcc = MathF.FusedMultiplyAdd(dmj * ov, StateDerivative(tc, softsign), Unsafe.Add(ref dcr, j));
                if (peep)
                {
                    dcc = MathF.FusedMultiplyAdd(dGo, Unsafe.Add(ref po, j), dcc);
                    Unsafe.Add(ref dpo, j) = MathF.FusedMultiplyAdd(dGo, cv, Unsafe.Add(ref dpo, j));
                }

                if (!keep)
                {
                    dcc = 0f;
                }

                float cp = Unsafe.Add(ref cpv, j);
                float dcp = dcc * fv;
                float dGi;
                if (coupled)
                {
                    dGi = dcc * (gv - cp) * GateDerivative(iv, hardSigmoid);
                }
                else
                {
                    dGi = dcc * gv * GateDerivative(iv, hardSigmoid);
                    float dGf = dcc * cp * GateDerivative(fv, hardSigmoid);
                    Unsafe.Add(ref dg, fOff + j) = dGf;
                    if (peep)
                    {
                        dcp = MathF.FusedMultiplyAdd(dGf, Unsafe.Add(ref pf, j), dcp);
                        Unsafe.Add(ref dpf, j) = MathF.FusedMultiplyAdd(dGf, cp, Unsafe.Add(ref dpf, j));
                    }
                }

                if (peep)
                {
                    dcp = MathF.FusedMultiplyAdd(dGi, Unsafe.Add(ref pi, j), dcp);
                    Unsafe.Add(ref dpi, j) = MathF.FusedMultiplyAdd(dGi, cp, Unsafe.Add(ref dpi, j));
                }

                Unsafe.Add(ref dg, j) = dGi;
                Unsafe.Add(ref dg, gOff + j) = dcc * iv * StateDerivative(gv, softsign);
                Unsafe.Add(ref dg, oOff + j) = dGo;
                Unsafe.Add(ref dcr, j) = dcp;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Gate(Vector512<float> x, bool hard) => hard
        ? Vector512.Min(Vector512.Max(Vector512.FusedMultiplyAdd(x, Vector512.Create(0.2f), Vector512.Create(0.5f)), Vector512<float>.Zero), Vector512<float>.One)
        : VectorMath.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Gate(float x, bool hard) => hard
        ? MathF.Min(MathF.Max(MathF.FusedMultiplyAdd(x, 0.2f, 0.5f), 0f), 1f)
        : VectorMath.Sigmoid(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> State(Vector512<float> x, bool softsign) =>
        softsign ? x / (Vector512<float>.One + Vector512.Abs(x)) : VectorMath.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float State(float x, bool softsign) => softsign ? x / (1f + MathF.Abs(x)) : VectorMath.Tanh(x);

    /// <summary>σ'(x) in terms of y = σ(x): y(1 − y), or 0.2 inside the hard sigmoid's linear part (0 &lt; y &lt; 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GateDerivative(Vector512<float> y, bool hard) => hard
        ? Vector512.ConditionalSelect(
            Vector512.GreaterThan(y, Vector512<float>.Zero) & Vector512.LessThan(y, Vector512<float>.One),
            Vector512.Create(0.2f), Vector512<float>.Zero)
        : y * (Vector512<float>.One - y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float GateDerivative(float y, bool hard) => hard ? (y > 0f && y < 1f ? 0.2f : 0f) : y * (1f - y);

    /// <summary>φ'(x) in terms of y = φ(x): 1 − y² (tanh) or (1 − |y|)² (softsign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> StateDerivative(Vector512<float> y, bool softsign)
    {
        if (softsign)
        {
            Vector512<float> a = Vector512<float>.One - Vector512.Abs(y);
            return a * a;
        }

        return Vector512.FusedMultiplyAdd(-y, y, Vector512<float>.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float StateDerivative(float y, bool softsign)
    {
        if (softsign)
        {
            float a = 1f - MathF.Abs(y);
            return a * a;
        }

        return MathF.FusedMultiplyAdd(-y, y, 1f);
    }
}

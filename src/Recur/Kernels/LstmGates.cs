using System.Runtime.CompilerServices;

namespace Recur.Kernels;

/// <summary>
/// The fused element-wise passes of one LSTM time step over a block of rows (batch entries), forward and backward.
/// A row of the gate buffer holds the G·H gate values of one batch entry in PyTorch's block order: i, f, g, o
/// (G = 4), or i, g, o when the input and forget gates are coupled (G = 3, f = 1 − i). Outputs first, then inputs,
/// then sizes; the backward pass accumulates only into the peephole gradients and overwrites the rest.
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
/// </remarks>
internal static class LstmGates
{
    /// <summary>
    /// Forward pass over <paramref name="rows"/> rows. <paramref name="gates"/> (rows, ldg) holds the pre-activations
    /// and receives the activations; <paramref name="c"/> (rows, H) holds c_{t−1} and receives c_t;
    /// <paramref name="m"/> (rows, H) receives o·φ(c_t); <paramref name="cPre"/> (rows, H), when not empty, receives c_t
    /// before clipping. Peephole spans (H each) are empty when the layer has none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(
        Span<float> gates, Span<float> c, Span<float> m, Span<float> cPre,
        ReadOnlySpan<float> peepholeI, ReadOnlySpan<float> peepholeF, ReadOnlySpan<float> peepholeO,
        int rows, int hidden, int ldg, bool coupled, float cellClip, bool hardSigmoid, bool softsign)
    {
        int h = hidden;
        bool peep = !peepholeI.IsEmpty;
        int fOff = h;
        int gOff = coupled ? h : 2 * h;
        int oOff = coupled ? 2 * h : 3 * h;
        bool keepPre = !cPre.IsEmpty;
        for (int r = 0; r < rows; r++)
        {
            Span<float> gr = gates.Slice(r * ldg, ldg);
            Span<float> cr = c.Slice(r * h, h);
            Span<float> mr = m.Slice(r * h, h);
            for (int j = 0; j < h; j++)
            {
                float cp = cr[j];
                float ai = gr[j];
                if (peep)
                {
                    ai += peepholeI[j] * cp;
                }

                float iv = Gate(ai, hardSigmoid);
                float fv;
                if (coupled)
                {
                    fv = 1f - iv;
                }
                else
                {
                    float af = gr[fOff + j];
                    if (peep)
                    {
                        af += peepholeF[j] * cp;
                    }

                    fv = Gate(af, hardSigmoid);
                    gr[fOff + j] = fv;
                }

                float gv = State(gr[gOff + j], softsign);
                float cv = (fv * cp) + (iv * gv);
                if (keepPre)
                {
                    cPre[(r * h) + j] = cv;
                }

                if (cellClip > 0f)
                {
                    cv = Math.Clamp(cv, -cellClip, cellClip);
                }

                float ao = gr[oOff + j];
                if (peep)
                {
                    ao += peepholeO[j] * cv;
                }

                float ov = Gate(ao, hardSigmoid);
                gr[j] = iv;
                gr[gOff + j] = gv;
                gr[oOff + j] = ov;
                cr[j] = cv;
                mr[j] = ov * State(cv, softsign);
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
        bool peep = !peepholeI.IsEmpty;
        int fOff = h;
        int gOff = coupled ? h : 2 * h;
        int oOff = coupled ? 2 * h : 3 * h;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> gr = gates.Slice(r * ldg, ldg);
            Span<float> dgr = dGates.Slice(r * ldg, ldg);
            int o = r * h;
            for (int j = 0; j < h; j++)
            {
                float iv = gr[j];
                float fv = coupled ? 1f - iv : gr[fOff + j];
                float gv = gr[gOff + j];
                float ov = gr[oOff + j];
                float pre = cPre[o + j];
                bool clipped = cellClip > 0f && (pre > cellClip || pre < -cellClip);
                float cv = cellClip > 0f ? Math.Clamp(pre, -cellClip, cellClip) : pre;
                float tc = State(cv, softsign);
                float dmj = dm[o + j];
                float dGo = dmj * tc * GateDerivative(ov, hardSigmoid);
                float dcc = dc[o + j] + (dmj * ov * StateDerivative(tc, softsign));
                if (peep)
                {
                    dcc += dGo * peepholeO[j];
                    dPeepholeO[j] += dGo * cv;
                }

                if (clipped)
                {
                    dcc = 0f;
                }

                float cp = cPrev[o + j];
                float di = dcc * gv;
                float df = dcc * cp;
                float dGi;
                float dcp = dcc * fv;
                if (coupled)
                {
                    dGi = (di - df) * GateDerivative(iv, hardSigmoid);
                }
                else
                {
                    dGi = di * GateDerivative(iv, hardSigmoid);
                    float dGf = df * GateDerivative(fv, hardSigmoid);
                    dgr[fOff + j] = dGf;
                    if (peep)
                    {
                        dcp += dGf * peepholeF[j];
                        dPeepholeF[j] += dGf * cp;
                    }
                }

                if (peep)
                {
                    dcp += dGi * peepholeI[j];
                    dPeepholeI[j] += dGi * cp;
                }

                dgr[j] = dGi;
                dgr[gOff + j] = dcc * iv * StateDerivative(gv, softsign);
                dgr[oOff + j] = dGo;
                dc[o + j] = dcp;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Gate(float x, bool hard) =>
        hard ? Math.Clamp((0.2f * x) + 0.5f, 0f, 1f) : 1f / (1f + MathF.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float State(float x, bool softsign) => softsign ? x / (1f + MathF.Abs(x)) : MathF.Tanh(x);

    /// <summary>σ'(x) in terms of y = σ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float GateDerivative(float y, bool hard) => hard ? (y > 0f && y < 1f ? 0.2f : 0f) : y * (1f - y);

    /// <summary>φ'(x) in terms of y = φ(x): 1 − y² (tanh) or (1 − |y|)² (softsign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float StateDerivative(float y, bool softsign)
    {
        if (softsign)
        {
            float a = 1f - MathF.Abs(y);
            return a * a;
        }

        return 1f - (y * y);
    }
}

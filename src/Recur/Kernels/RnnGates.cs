using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Recur.Kernels.RnnVectorMath;

namespace Recur.Kernels;

/// <summary>
/// Fused per-step kernels of a simple (Elman) RNN layer: h_t = f(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) with
/// f = tanh or relu, one time step for B rows. Row b takes part in step <c>step</c> when <c>lengths</c> is empty or
/// <c>step &lt; lengths[b]</c>; an inactive row keeps its state, gets a zero output and a zero pre-activation
/// gradient, and its carried dh passes through unchanged.
/// </summary>
internal static class RnnGates
{
    /// <summary>h = f(gx + gh + bias) for active rows, written to the state and the (strided) output.</summary>
    /// <param name="output">h_t for row b at <c>output[b·ldOutput …]</c>, H values (zero for inactive rows).</param>
    /// <param name="ldOutput">Row stride of <paramref name="output"/>.</param>
    /// <param name="state">(B, H): h_{t−1} in (read by the caller's GEMM), h_t out.</param>
    /// <param name="gx">(B, H) rows with stride <paramref name="ldGx"/>: x_t·W_ihᵀ.</param>
    /// <param name="ldGx">Row stride of <paramref name="gx"/>.</param>
    /// <param name="gh">(B, H): h_{t−1}·W_hhᵀ.</param>
    /// <param name="bias">(H): b_ih + b_hh.</param>
    /// <param name="relu">True for relu, false for tanh.</param>
    /// <param name="lengths">Per-row sequence lengths, or empty when every row is active.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(
        Span<float> output, int ldOutput, Span<float> state,
        ReadOnlySpan<float> gx, int ldGx, ReadOnlySpan<float> gh, ReadOnlySpan<float> bias, bool relu,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        for (int b = 0; b < batch; b++)
        {
            Span<float> o = output.Slice(b * ldOutput, hidden);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                o.Clear();
                continue;
            }

            Span<float> s = state.Slice(b * hidden, hidden);
            ReadOnlySpan<float> x = gx.Slice(b * ldGx, hidden);
            ReadOnlySpan<float> g = gh.Slice(b * hidden, hidden);
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> a = Load(x, j) + Load(g, j) + Load(bias, j);
                    Vector512<float> h = relu ? Vector512.Max(a, Vector512<float>.Zero) : Tanh(a);
                    Store(s, j, h);
                    Store(o, j, h);
                }
            }

            for (; j < hidden; j++)
            {
                float a = x[j] + g[j] + bias[j];
                float h = relu ? (a > 0f ? a : 0f) : Tanh(a);
                s[j] = h;
                o[j] = h;
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: with dh = carried + dy, dG = dh⊙f'(·) (tanh: 1 − h², relu: [h &gt; 0])
    /// and carried = 0 for active rows (the caller then adds dG·W_hh).
    /// </summary>
    /// <param name="gates">(B, H) output: dG rows (zero for inactive rows).</param>
    /// <param name="carry">(B, H): dL/dh_t from later steps in; zero for active rows out.</param>
    /// <param name="states">h_t rows with stride <paramref name="ldStates"/> (the layer output at step t).</param>
    /// <param name="ldStates">Row stride of <paramref name="states"/>.</param>
    /// <param name="dy">dL/dy_t rows with stride <paramref name="ldDy"/>, or empty.</param>
    /// <param name="ldDy">Row stride of <paramref name="dy"/>.</param>
    /// <param name="relu">True for relu, false for tanh.</param>
    /// <param name="lengths">Per-row sequence lengths, or empty.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(
        Span<float> gates, Span<float> carry,
        ReadOnlySpan<float> states, int ldStates, ReadOnlySpan<float> dy, int ldDy, bool relu,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        bool hasDy = !dy.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            Span<float> dg = gates.Slice(b * hidden, hidden);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                dg.Clear();
                continue;
            }

            Span<float> c = carry.Slice(b * hidden, hidden);
            ReadOnlySpan<float> h = states.Slice(b * ldStates, hidden);
            ReadOnlySpan<float> d = hasDy ? dy.Slice(b * ldDy, hidden) : default;
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> dh = hasDy ? Load(c, j) + Load(d, j) : Load(c, j);
                    Vector512<float> hv = Load(h, j);
                    Vector512<float> grad = relu
                        ? Vector512.ConditionalSelect(Vector512.GreaterThan(hv, Vector512<float>.Zero), dh, Vector512<float>.Zero)
                        : dh * (Vector512<float>.One - (hv * hv));
                    Store(dg, j, grad);
                    Store(c, j, Vector512<float>.Zero);
                }
            }

            for (; j < hidden; j++)
            {
                float dh = hasDy ? c[j] + d[j] : c[j];
                float hv = h[j];
                dg[j] = relu ? (hv > 0f ? dh : 0f) : dh * (1f - (hv * hv));
                c[j] = 0f;
            }
        }
    }
}

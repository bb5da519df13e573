using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Recur.Kernels.RnnVectorMath;

namespace Recur.Kernels;

/// <summary>
/// Fused per-step gate kernels of a GRU layer (gate order r, z, n, PyTorch layout), one time step for B rows.
/// Row b takes part in step <c>step</c> when <c>lengths</c> is empty or <c>step &lt; lengths[b]</c>; an inactive
/// row keeps its state, gets a zero output and zero gate gradients, and its carried dh passes through unchanged.
/// Forward kernels read the input projection <c>gx</c> = x·W_ihᵀ and the recurrent product <c>gh</c> without biases;
/// the biases come combined (see each method). Backward kernels OVERWRITE their dG rows (they are per-step
/// scratch) and update the carried dh in place.
/// </summary>
internal static class GruGates
{
    /// <summary>
    /// Reset-after step (PyTorch): r = σ(gx_r + gh_r + b_r), z = σ(gx_z + gh_z + b_z), hn = gh_n + b_hn,
    /// n = tanh(gx_n + b_in + r⊙hn), h = (1 − z)⊙n + z⊙h_prev.
    /// </summary>
    /// <param name="output">h_t for row b at <c>output[b·ldOutput …]</c>, H values (zero for inactive rows).</param>
    /// <param name="ldOutput">Row stride of <paramref name="output"/>.</param>
    /// <param name="state">(B, H): h_{t−1} in, h_t out (unchanged for inactive rows).</param>
    /// <param name="saved">(B, 4H) r, z, n, hn per row for backward, or empty to keep nothing.</param>
    /// <param name="gx">(B, 3H) rows with stride <paramref name="ldGx"/>: x_t·W_ihᵀ.</param>
    /// <param name="ldGx">Row stride of <paramref name="gx"/>.</param>
    /// <param name="gh">(B, 3H): h_{t−1}·W_hhᵀ.</param>
    /// <param name="bias">(4H): [b_ir + b_hr, b_iz + b_hz, b_in, b_hn].</param>
    /// <param name="lengths">Per-row sequence lengths, or empty when every row is active.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardResetAfter(
        Span<float> output, int ldOutput, Span<float> state, Span<float> saved,
        ReadOnlySpan<float> gx, int ldGx, ReadOnlySpan<float> gh, ReadOnlySpan<float> bias,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        int h3 = 3 * hidden;
        bool keep = !saved.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            Span<float> o = output.Slice(b * ldOutput, hidden);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                o.Clear();
                continue;
            }

            Span<float> s = state.Slice(b * hidden, hidden);
            ReadOnlySpan<float> x = gx.Slice(b * ldGx, h3);
            ReadOnlySpan<float> g = gh.Slice(b * h3, h3);
            Span<float> k = keep ? saved.Slice(b * 4 * hidden, 4 * hidden) : default;
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> r = Sigmoid(Load(x, j) + Load(g, j) + Load(bias, j));
                    Vector512<float> z = Sigmoid(Load(x, hidden + j) + Load(g, hidden + j) + Load(bias, hidden + j));
                    Vector512<float> hn = Load(g, (2 * hidden) + j) + Load(bias, (3 * hidden) + j);
                    Vector512<float> n = Tanh(Load(x, (2 * hidden) + j) + Load(bias, (2 * hidden) + j) + (r * hn));
                    Vector512<float> hNew = n + (z * (Load(s, j) - n));
                    Store(s, j, hNew);
                    Store(o, j, hNew);
                    if (keep)
                    {
                        Store(k, j, r);
                        Store(k, hidden + j, z);
                        Store(k, (2 * hidden) + j, n);
                        Store(k, (3 * hidden) + j, hn);
                    }
                }
            }

            for (; j < hidden; j++)
            {
                float r = Sigmoid(x[j] + g[j] + bias[j]);
                float z = Sigmoid(x[hidden + j] + g[hidden + j] + bias[hidden + j]);
                float hn = g[(2 * hidden) + j] + bias[(3 * hidden) + j];
                float n = Tanh(x[(2 * hidden) + j] + bias[(2 * hidden) + j] + (r * hn));
                float hNew = n + (z * (s[j] - n));
                s[j] = hNew;
                o[j] = hNew;
                if (keep)
                {
                    k[j] = r;
                    k[hidden + j] = z;
                    k[(2 * hidden) + j] = n;
                    k[(3 * hidden) + j] = hn;
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="ForwardResetAfter"/>. With dh = carried + dy: dn = dh⊙(1 − z), dz = dh⊙(h_prev − n),
    /// a_n = dn⊙(1 − n²), a_r = a_n⊙hn⊙r(1 − r), a_z = dz⊙z(1 − z). Writes dG = [a_r, a_z, a_n⊙r, a_n] (4H per row:
    /// the first 3H are the gradient of the recurrent pre-activations, columns 0–2H and 3H–4H that of the input
    /// pre-activations) and sets carried = dh⊙z (the caller then adds dG[:, 0:3H]·W_hh).
    /// </summary>
    /// <param name="gates">(B, 4H) output: dG rows (zero for inactive rows).</param>
    /// <param name="carry">(B, H): dL/dh_t from later steps in, the direct part of dL/dh_{t−1} out.</param>
    /// <param name="saved">(B, 4H) r, z, n, hn from the forward step.</param>
    /// <param name="previous">(B, H): h_{t−1}.</param>
    /// <param name="dy">dL/dy_t for row b at <c>dy[b·ldDy …]</c>, or empty when no gradient reached the output.</param>
    /// <param name="ldDy">Row stride of <paramref name="dy"/>.</param>
    /// <param name="lengths">Per-row sequence lengths, or empty.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardResetAfter(
        Span<float> gates, Span<float> carry,
        ReadOnlySpan<float> saved, ReadOnlySpan<float> previous, ReadOnlySpan<float> dy, int ldDy,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        int h4 = 4 * hidden;
        bool hasDy = !dy.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            Span<float> dg = gates.Slice(b * h4, h4);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                dg.Clear();
                continue;
            }

            Span<float> c = carry.Slice(b * hidden, hidden);
            ReadOnlySpan<float> k = saved.Slice(b * h4, h4);
            ReadOnlySpan<float> hp = previous.Slice(b * hidden, hidden);
            ReadOnlySpan<float> d = hasDy ? dy.Slice(b * ldDy, hidden) : default;
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> dh = hasDy ? Load(c, j) + Load(d, j) : Load(c, j);
                    Vector512<float> r = Load(k, j);
                    Vector512<float> z = Load(k, hidden + j);
                    Vector512<float> n = Load(k, (2 * hidden) + j);
                    Vector512<float> hn = Load(k, (3 * hidden) + j);
                    Vector512<float> one = Vector512<float>.One;
                    Vector512<float> an = dh * (one - z) * (one - (n * n));
                    Vector512<float> az = dh * (Load(hp, j) - n) * z * (one - z);
                    Store(dg, j, an * hn * r * (one - r));
                    Store(dg, hidden + j, az);
                    Store(dg, (2 * hidden) + j, an * r);
                    Store(dg, (3 * hidden) + j, an);
                    Store(c, j, dh * z);
                }
            }

            for (; j < hidden; j++)
            {
                float dh = hasDy ? c[j] + d[j] : c[j];
                float r = k[j];
                float z = k[hidden + j];
                float n = k[(2 * hidden) + j];
                float hn = k[(3 * hidden) + j];
                float an = dh * (1f - z) * (1f - (n * n));
                float az = dh * (hp[j] - n) * z * (1f - z);
                float ar = an * hn * r * (1f - r);
                dg[j] = ar;
                dg[hidden + j] = az;
                dg[(2 * hidden) + j] = an * r;
                dg[(3 * hidden) + j] = an;
                c[j] = dh * z;
            }
        }
    }

    /// <summary>
    /// First pass of a reset-before step: r = σ(gx_r + gh_r + b_r), z = σ(gx_z + gh_z + b_z), and the reset state
    /// r⊙h_prev (the operand of the n block's recurrent product). Inactive rows are skipped.
    /// </summary>
    /// <param name="resetState">(B, H) output: r⊙h_{t−1}.</param>
    /// <param name="saved">(B, 4H): r and z go to columns 0–2H.</param>
    /// <param name="state">(B, H): h_{t−1}.</param>
    /// <param name="gx">(B, 3H) rows with stride <paramref name="ldGx"/>: x_t·W_ihᵀ (r and z blocks read).</param>
    /// <param name="ldGx">Row stride of <paramref name="gx"/>.</param>
    /// <param name="gh">(B, 2H): h_{t−1}·W_h[rz]ᵀ.</param>
    /// <param name="bias">(3H): [b_ir + b_hr, b_iz + b_hz, b_in + b_hn].</param>
    /// <param name="lengths">Per-row sequence lengths, or empty.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardResetBeforeGates(
        Span<float> resetState, Span<float> saved,
        ReadOnlySpan<float> state, ReadOnlySpan<float> gx, int ldGx, ReadOnlySpan<float> gh, ReadOnlySpan<float> bias,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        int h2 = 2 * hidden;
        int h4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            Span<float> rs = resetState.Slice(b * hidden, hidden);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                rs.Clear();
                continue;
            }

            ReadOnlySpan<float> s = state.Slice(b * hidden, hidden);
            ReadOnlySpan<float> x = gx.Slice(b * ldGx, h2);
            ReadOnlySpan<float> g = gh.Slice(b * h2, h2);
            Span<float> k = saved.Slice(b * h4, h4);
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> r = Sigmoid(Load(x, j) + Load(g, j) + Load(bias, j));
                    Store(k, j, r);
                    Store(k, hidden + j, Sigmoid(Load(x, hidden + j) + Load(g, hidden + j) + Load(bias, hidden + j)));
                    Store(rs, j, r * Load(s, j));
                }
            }

            for (; j < hidden; j++)
            {
                float r = Sigmoid(x[j] + g[j] + bias[j]);
                float z = Sigmoid(x[hidden + j] + g[hidden + j] + bias[hidden + j]);
                k[j] = r;
                k[hidden + j] = z;
                rs[j] = r * s[j];
            }
        }
    }

    /// <summary>
    /// Second pass of a reset-before step: n = tanh(gx_n + b_in + b_hn + (r⊙h_prev)·W_hnᵀ), h = (1 − z)⊙n + z⊙h_prev.
    /// Saves n and r⊙h_prev in columns 2H–4H of <paramref name="saved"/> when <paramref name="keep"/>.
    /// </summary>
    /// <param name="output">h_t for row b at <c>output[b·ldOutput …]</c>, H values (zero for inactive rows).</param>
    /// <param name="ldOutput">Row stride of <paramref name="output"/>.</param>
    /// <param name="state">(B, H): h_{t−1} in, h_t out.</param>
    /// <param name="saved">(B, 4H): r, z read from columns 0–2H; n, r⊙h_prev written to 2H–4H when keeping.</param>
    /// <param name="gx">(B, 3H) rows with stride <paramref name="ldGx"/> (n block read).</param>
    /// <param name="ldGx">Row stride of <paramref name="gx"/>.</param>
    /// <param name="product">(B, H): (r⊙h_{t−1})·W_hnᵀ.</param>
    /// <param name="resetState">(B, H): r⊙h_{t−1}.</param>
    /// <param name="bias">(3H) as in <see cref="ForwardResetBeforeGates"/>.</param>
    /// <param name="keep">Whether to save n and r⊙h_prev for backward.</param>
    /// <param name="lengths">Per-row sequence lengths, or empty.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardResetBeforeOutput(
        Span<float> output, int ldOutput, Span<float> state, Span<float> saved,
        ReadOnlySpan<float> gx, int ldGx, ReadOnlySpan<float> product, ReadOnlySpan<float> resetState, ReadOnlySpan<float> bias,
        bool keep, ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        int h4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            Span<float> o = output.Slice(b * ldOutput, hidden);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                o.Clear();
                continue;
            }

            Span<float> s = state.Slice(b * hidden, hidden);
            ReadOnlySpan<float> x = gx.Slice((b * ldGx) + (2 * hidden), hidden);
            ReadOnlySpan<float> q = product.Slice(b * hidden, hidden);
            ReadOnlySpan<float> rs = resetState.Slice(b * hidden, hidden);
            Span<float> k = saved.Slice(b * h4, h4);
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> z = Load(k, hidden + j);
                    Vector512<float> n = Tanh(Load(x, j) + Load(q, j) + Load(bias, (2 * hidden) + j));
                    Vector512<float> hNew = n + (z * (Load(s, j) - n));
                    Store(s, j, hNew);
                    Store(o, j, hNew);
                    if (keep)
                    {
                        Store(k, (2 * hidden) + j, n);
                        Store(k, (3 * hidden) + j, Load(rs, j));
                    }
                }
            }

            for (; j < hidden; j++)
            {
                float z = k[hidden + j];
                float n = Tanh(x[j] + q[j] + bias[(2 * hidden) + j]);
                float hNew = n + (z * (s[j] - n));
                s[j] = hNew;
                o[j] = hNew;
                if (keep)
                {
                    k[(2 * hidden) + j] = n;
                    k[(3 * hidden) + j] = rs[j];
                }
            }
        }
    }

    /// <summary>
    /// First backward pass of a reset-before step. With dh = carried + dy: a_n = dh⊙(1 − z)⊙(1 − n²),
    /// a_z = dh⊙(h_prev − n)⊙z(1 − z). Writes dG columns H–3H = [a_z, a_n] (3H per row) and sets carried = dh⊙z.
    /// The caller then computes d(r⊙h_prev) = a_n·W_hn and runs <see cref="BackwardResetBeforeReset"/>.
    /// </summary>
    /// <param name="gates">(B, 3H) output: a_z, a_n written (all three blocks zeroed for inactive rows).</param>
    /// <param name="carry">(B, H): dL/dh_t in, the direct part of dL/dh_{t−1} out.</param>
    /// <param name="saved">(B, 4H) r, z, n, r⊙h_prev.</param>
    /// <param name="previous">(B, H): h_{t−1}.</param>
    /// <param name="dy">dL/dy_t rows with stride <paramref name="ldDy"/>, or empty.</param>
    /// <param name="ldDy">Row stride of <paramref name="dy"/>.</param>
    /// <param name="lengths">Per-row sequence lengths, or empty.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardResetBeforeOutput(
        Span<float> gates, Span<float> carry,
        ReadOnlySpan<float> saved, ReadOnlySpan<float> previous, ReadOnlySpan<float> dy, int ldDy,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        int h3 = 3 * hidden;
        int h4 = 4 * hidden;
        bool hasDy = !dy.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            Span<float> dg = gates.Slice(b * h3, h3);
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                dg.Clear();
                continue;
            }

            Span<float> c = carry.Slice(b * hidden, hidden);
            ReadOnlySpan<float> k = saved.Slice(b * h4, h4);
            ReadOnlySpan<float> hp = previous.Slice(b * hidden, hidden);
            ReadOnlySpan<float> d = hasDy ? dy.Slice(b * ldDy, hidden) : default;
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> dh = hasDy ? Load(c, j) + Load(d, j) : Load(c, j);
                    Vector512<float> z = Load(k, hidden + j);
                    Vector512<float> n = Load(k, (2 * hidden) + j);
                    Vector512<float> one = Vector512<float>.One;
                    Store(dg, hidden + j, dh * (Load(hp, j) - n) * z * (one - z));
                    Store(dg, (2 * hidden) + j, dh * (one - z) * (one - (n * n)));
                    Store(c, j, dh * z);
                }
            }

            for (; j < hidden; j++)
            {
                float dh = hasDy ? c[j] + d[j] : c[j];
                float z = k[hidden + j];
                float n = k[(2 * hidden) + j];
                dg[hidden + j] = dh * (hp[j] - n) * z * (1f - z);
                dg[(2 * hidden) + j] = dh * (1f - z) * (1f - (n * n));
                c[j] = dh * z;
            }
        }
    }

    /// <summary>
    /// Second backward pass of a reset-before step, given dR = d(r⊙h_prev) = a_n·W_hn:
    /// a_r = dR⊙h_prev⊙r(1 − r) into dG columns 0–H, and carried += dR⊙r. Inactive rows are skipped (their dG
    /// rows were zeroed by <see cref="BackwardResetBeforeOutput"/>).
    /// </summary>
    /// <param name="gates">(B, 3H): a_r written.</param>
    /// <param name="carry">(B, H): accumulates dR⊙r.</param>
    /// <param name="saved">(B, 4H) r, z, n, r⊙h_prev.</param>
    /// <param name="previous">(B, H): h_{t−1}.</param>
    /// <param name="resetGrad">(B, H): dR.</param>
    /// <param name="lengths">Per-row sequence lengths, or empty.</param>
    /// <param name="step">The time index t.</param>
    /// <param name="batch">B.</param>
    /// <param name="hidden">H.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardResetBeforeReset(
        Span<float> gates, Span<float> carry,
        ReadOnlySpan<float> saved, ReadOnlySpan<float> previous, ReadOnlySpan<float> resetGrad,
        ReadOnlySpan<int> lengths, int step, int batch, int hidden)
    {
        int h3 = 3 * hidden;
        int h4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            if (!lengths.IsEmpty && step >= lengths[b])
            {
                continue;
            }

            Span<float> dg = gates.Slice(b * h3, hidden);
            Span<float> c = carry.Slice(b * hidden, hidden);
            ReadOnlySpan<float> k = saved.Slice(b * h4, hidden);
            ReadOnlySpan<float> hp = previous.Slice(b * hidden, hidden);
            ReadOnlySpan<float> dr = resetGrad.Slice(b * hidden, hidden);
            int j = 0;
            if (IsAccelerated)
            {
                for (; j <= hidden - Width; j += Width)
                {
                    Vector512<float> r = Load(k, j);
                    Vector512<float> drj = Load(dr, j);
                    Store(dg, j, drj * Load(hp, j) * r * (Vector512<float>.One - r));
                    Store(c, j, Load(c, j) + (drj * r));
                }
            }

            for (; j < hidden; j++)
            {
                float r = k[j];
                dg[j] = dr[j] * hp[j] * r * (1f - r);
                c[j] += dr[j] * r;
            }
        }
    }
}

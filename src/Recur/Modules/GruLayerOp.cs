using System.Numerics.Tensors;
using Recur.Autograd;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// One GRU layer over a whole sequence, all directions, as ONE autograd node (gate order r, z, n).
/// Inputs: x (T, B, I), h0 (D, B, H), then per direction W_ih (3H, I), W_hh (3H, H) and, with bias, b_ih (3H),
/// b_hh (3H). Outputs: y (T, B, D·H) (direction d in columns d·H … d·H + H − 1) and h_n (D, B, H); in cell mode
/// (T = 1, D = 1) x is (B, I), h0 (B, H) and the only output is h_1 (B, H).
/// <para>
/// Forward per direction: G_x = X·W_ihᵀ for all T·B rows (one GEMM), then per step one GEMM h_{t−1}·W_hhᵀ and one
/// fused gate pass writing h_t into the strided output (reset-after); reset-before needs a second GEMM per step,
/// (r⊙h_{t−1})·W_hnᵀ, once r is known. When recording, (r, z, n, hn) — or (r, z, n, r⊙h_{t−1}) — is kept per row.
/// Backward (BPTT) per direction: per step one fused gate-gradient pass and the GEMM(s) for dh_{t−1}; after the
/// loop dW_ih, dW_hh and the bias gradients as GEMMs / column sums over all T·B rows; dX after both directions.
/// The two directions run concurrently; nothing is allocated per step. The saved activations come from a pool and go
/// back to it after the backward pass (a second backward through the same node throws).
/// </para>
/// <para>
/// Variable lengths: the batch is sorted by length once (<see cref="BatchOrder"/>), so the rows still running at step t
/// are a prefix and every per-step GEMM and gate pass covers only them; rows past their length keep their state and
/// stay zero in the output. Outputs and gradients are scattered back to the caller's order.
/// </para>
/// </summary>
internal sealed class GruLayerOp : Function
{
    private int _seqLen;
    private int _batch;
    private int _input;
    private int _hidden;
    private int _directions;
    private bool _resetAfter;
    private bool _hasBias;
    private bool _cell;
    private int[] _lengths = [];
    private BatchOrder _order = null!;
    private float[] _x = [];
    private float[] _h0 = [];
    private float[] _y = [];
    private float[][] _saved = [];
    private bool _released;
    private float[][] _wih = [];
    private float[][] _whh = [];
    private float[][]? _masks;

    /// <summary>Runs the layer. Shapes are checked by the caller (the module).</summary>
    /// <param name="x">(T, B, I), or (B, I) in cell mode.</param>
    /// <param name="h0">(D, B, H), or (B, H) in cell mode.</param>
    /// <param name="weights">Per direction: W_ih (3H, I), W_hh (3H, H) and, when <paramref name="hasBias"/>, b_ih, b_hh (3H).</param>
    /// <param name="hasBias">Whether <paramref name="weights"/> holds biases.</param>
    /// <param name="directions">D (1 or 2).</param>
    /// <param name="lengths">Validated lengths (each in [1, T]), or empty.</param>
    /// <param name="resetAfter">True for PyTorch's reset-after form, false for reset-before.</param>
    /// <param name="cell">Cell mode: a single step, no h_n output.</param>
    /// <param name="recurrentMasks">
    /// Variational recurrent dropout: per direction a (B, H) mask (0 or 1/(1 − p), caller's batch order) applied to
    /// h_{t−1} wherever it enters a recurrent product — h_{t−1}⊙m in W_hh·h (reset-after) or in W_hr, W_hz and
    /// W_hn·(r⊙h_{t−1}⊙m) (reset-before), as Keras's recurrent_dropout — while z⊙h_{t−1} uses the unmasked state.
    /// Null: none.
    /// </param>
    public static RnnLayerResult Forward(
        Tensor x, Tensor h0, Tensor[] weights, bool hasBias, int directions, int[] lengths, bool resetAfter, bool cell,
        float[][]? recurrentMasks = null)
    {
        int per = hasBias ? 4 : 2;
        RnnLayerInput prepared = RnnLayerInput.Create(x, h0, weights, directions, lengths, cell);
        (int seqLen, int batch, int input, int hidden, BatchOrder order) =
            (prepared.SeqLen, prepared.Batch, prepared.Input, prepared.Hidden, prepared.Order);
        int dh = directions * hidden;
        var op = new GruLayerOp
        {
            _seqLen = seqLen,
            _batch = batch,
            _input = input,
            _hidden = hidden,
            _directions = directions,
            _resetAfter = resetAfter,
            _hasBias = hasBias,
            _cell = cell,
            _order = order,
            _lengths = prepared.Lengths,
            _x = prepared.X,
            _h0 = prepared.H0,
            _y = prepared.Y,
            _wih = new float[directions][],
            _whh = new float[directions][],
            _saved = new float[directions][],
        };
        if (recurrentMasks is not null)
        {
            op._masks = new float[directions][];
            for (int d = 0; d < directions; d++)
            {
                op._masks[d] = new float[batch * hidden];
                order.Gather(op._masks[d], recurrentMasks[d], 1, batch, hidden);
            }
        }

        float[] hN = TensorPool.Rent(directions * batch * hidden, clear: false);
        var biases = new float[directions][];
        for (int d = 0; d < directions; d++)
        {
            op._wih[d] = weights[d * per].Buffer;
            op._whh[d] = weights[(d * per) + 1].Buffer;
            biases[d] = CombineBias(hasBias ? weights[(d * per) + 2].Buffer : null, hasBias ? weights[(d * per) + 3].Buffer : null, hidden, resetAfter);
        }

        Tensor[] inputs = [x, h0, .. weights]; // handed to the recorded node (TryRecordOwning)
        bool record = GradMode.ShouldRecord(inputs);
        long work = (long)seqLen * batch * 3 * hidden * hidden;
        // The input projections are large GEMMs that use every core: run them before the directions fork. A recorded
        // reset-after layer over full-length sequences writes them into the first 3H columns of the rows of its saved
        // activations (T·B, 4H), which the gate kernel then overwrites in place with r, z, n (it reads a column block of
        // x·W_ihᵀ before it stores that block): one (T·B, 3H) buffer less per call.
        bool inSaved = record && resetAfter && lengths.Length == 0;
        int ldGx = inSaved ? 4 * hidden : 3 * hidden;
        var gx = new float[directions][];
        for (int d = 0; d < directions; d++)
        {
            gx[d] = inSaved ? RnnLayerSupport.Rent(seqLen * batch * 4 * hidden, clear: false) : RnnLayerSupport.Rent(seqLen * batch * 3 * hidden, clear: false);
            Gemm.Sgemm(gx[d], ldGx, op._x, input, op._wih[d], input, seqLen * batch, 3 * hidden, input, GemmTranspose.NT);
        }

        double stepFlops = 6.0 * batch * hidden * hidden;
        bool split = RnnStepRunner.ShouldSplit(
            RnnLayerSupport.RunsConcurrently(directions, work, stepFlops, forward: true), batch, 6.0 * hidden * hidden, 3L * hidden * hidden, backward: false);
        RnnLayerSupport.ForEachDirection(
            directions, work, stepFlops, forward: true, (op, gx, ldGx, biases, hN, record, split),
            static (s, d) => s.op.ForwardDirection(d, s.gx[d], s.ldGx, s.biases[d], s.hN, s.record, s.split));
        if (!inSaved)
        {
            RnnLayerSupport.Return(gx);
        }

        RnnLayerSupport.Return(biases);

        Tensor y = Tensor.WrapPooled(RnnLayerSupport.Unsorted(order, op._y, seqLen, batch, dh), cell ? [batch, hidden] : [seqLen, batch, dh]);
        Tensor? finalState = cell ? null : Tensor.WrapPooled(RnnLayerSupport.Unsorted(order, hN, directions, batch, hidden), [directions, batch, hidden]);
        bool recorded = cell ? op.TryRecordOwning(inputs, y) : op.TryRecordOwning(inputs, y, finalState!);
        if (!recorded)
        {
            RnnLayerSupport.Return(op._saved);
            op._saved = [];
        }

        return new RnnLayerResult(y, finalState);
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        if (_released)
        {
            throw new InvalidOperationException(
                "GruLayer: backward already ran through this node and its saved activations were released; run the forward pass again.");
        }

        int t = _seqLen, b = _batch, h = _hidden, i = _input;
        int per = _hasBias ? 4 : 2;
        bool hasDy = context.HasOutputGrad(0);
        bool hasDhN = !_cell && context.HasOutputGrad(1);
        float[] dy = hasDy ? RnnLayerSupport.SortedScratch(_order, context.OutputGrad(0), t, b, _directions * h) : [];
        float[] dhN = hasDhN ? RnnLayerSupport.SortedScratch(_order, context.OutputGrad(1), _directions, b, h) : [];

        // The recurrences of the directions run concurrently; the large weight-gradient GEMMs after them use every core.
        int width = _resetAfter ? 4 * h : 3 * h;
        var gates = new float[_directions][];
        var carries = new float[_directions][];
        var previous = new float[_directions][];
        long work = (long)t * b * 3 * h * 2 * h;
        double stepFlops = 6.0 * b * h * h;
        bool split = RnnStepRunner.ShouldSplit(RnnLayerSupport.RunsConcurrently(_directions, work, stepFlops, forward: false), b, 6.0 * h * h, 3L * h * h, backward: true);
        for (int d = 0; d < _directions; d++)
        {
            // Reset-after: the gate gradients overwrite the saved activations in place (the kernel reads a column block
            // of r, z, n, W_hn·h before it stores that block's gradients, and nothing reads them afterwards).
            gates[d] = _resetAfter ? _saved[d] : RnnLayerSupport.Rent(t * b * width, clear: _lengths.Length > 0);
            carries[d] = RnnLayerSupport.Rent(b * h, clear: true);
            previous[d] = RnnLayerSupport.Rent(t * b * h, clear: false);
        }

        RnnLayerSupport.ForEachDirection(
            _directions, work, stepFlops, forward: false, (op: this, dy, dhN, gates, carries, previous, split),
            static (s, d) => s.op.BackwardDirection(d, s.dy, s.dhN, s.gates[d], s.carries[d], s.previous[d], s.split));

        for (int d = 0; d < _directions; d++)
        {
            AccumulateWeightGradients(context, d, per, gates[d], previous[d]);
        }

        if (context.NeedsInputGrad(0))
        {
            float[]? sorted = _order.IsIdentity ? null : RnnLayerSupport.Rent(t * b * i, clear: true);
            Span<float> dx = sorted ?? context.InputGrad(0);
            for (int d = 0; d < _directions; d++)
            {
                float[] g = gates[d];
                float[] w = _wih[d];
                if (_resetAfter)
                {
                    Gemm.Sgemm(dx, i, g, width, w, i, t * b, i, 2 * h, GemmTranspose.NN, 1f, 1f);
                    Gemm.Sgemm(dx, i, g.AsSpan(3 * h), width, w.AsSpan(2 * h * i), i, t * b, i, h, GemmTranspose.NN, 1f, 1f);
                }
                else
                {
                    Gemm.Sgemm(dx, i, g, width, w, i, t * b, i, 3 * h, GemmTranspose.NN, 1f, 1f);
                }
            }

            if (sorted is not null)
            {
                _order.Scatter(context.InputGrad(0), sorted, t, b, i, accumulate: true);
                RnnLayerSupport.Return(sorted);
            }
        }

        if (context.NeedsInputGrad(1))
        {
            for (int d = 0; d < _directions; d++)
            {
                _order.Scatter(context.InputGrad(1)[(d * b * h)..], carries[d], 1, b, h, accumulate: true);
            }
        }

        RnnLayerSupport.Return(dy, dhN);
        RnnLayerSupport.Return(_saved);
        _saved = [];
        _released = true;
        if (!_resetAfter)
        {
            RnnLayerSupport.Return(gates);
        }

        RnnLayerSupport.Return(carries);
        RnnLayerSupport.Return(previous);
    }

    private static float[] CombineBias(float[]? bih, float[]? bhh, int hidden, bool resetAfter)
    {
        // reset-after: [b_ir + b_hr, b_iz + b_hz, b_in, b_hn]; reset-before: [b_ir + b_hr, b_iz + b_hz, b_in + b_hn].
        // Pooled (the kernels index it, so a longer array is fine); the caller returns it.
        float[] bias = RnnLayerSupport.Rent(resetAfter ? 4 * hidden : 3 * hidden, clear: bih is null || bhh is null);
        if (bih is null || bhh is null)
        {
            return bias;
        }

        for (int j = 0; j < 2 * hidden; j++)
        {
            bias[j] = bih[j] + bhh[j];
        }

        for (int j = 2 * hidden; j < 3 * hidden; j++)
        {
            if (resetAfter)
            {
                bias[j] = bih[j];
                bias[j + hidden] = bhh[j];
            }
            else
            {
                bias[j] = bih[j] + bhh[j];
            }
        }

        return bias;
    }

    private void ForwardDirection(int d, float[] gx, int ldGx, float[] bias, float[] hN, bool record, bool split)
    {
        int t = _seqLen, b = _batch, h = _hidden, ld = _directions * h;
        int h2 = 2 * h, h3 = 3 * h, h4 = 4 * h;
        bool reverse = d == 1;
        float[] whh = _whh[d];
        float[] y = _y;
        int stateOffset = d * b * h;
        _h0.AsSpan(stateOffset, b * h).CopyTo(hN.AsSpan(stateOffset, b * h));
        float[] saved = ldGx == h4 ? gx : record ? RnnLayerSupport.Rent(t * b * h4, clear: _lengths.Length > 0) : [];
        _saved[d] = saved;

        if (_resetAfter)
        {
            float[] gh = RnnLayerSupport.Rent(b * h3, clear: false);
            float[]? mask = _masks?[d];
            float[] masked = mask is null ? [] : RnnLayerSupport.Rent(b * h, clear: false);
            // W_hhᵀ (H, 3H), packed once for all steps (kept between no-grad calls: PackedWeightCache).
            using PackedWeightCache.PackedLease lease = PackedWeightCache.Transposed(whh, 0, h3, h, cache: !record);
            PackedMatrix packed = lease.Matrix;
            var runner = new RnnStepRunner(
                (step, r0, rows) =>
                {
                    Span<float> state = hN.AsSpan(stateOffset + (r0 * h), rows * h);
                    Span<float> ghr = gh.AsSpan(r0 * h3, rows * h3);
                    ReadOnlySpan<float> hin = RecurrentInput(state, mask, masked, r0 * h);

                    Gemm.Sgemm(ghr, h3, hin, h, packed, rows);
                    GruGates.ForwardResetAfter(
                        y.AsSpan((step * b * ld) + (d * h) + (r0 * ld)), ld, state,
                        record ? saved.AsSpan(((step * b) + r0) * h4, rows * h4) : default,
                        gx.AsSpan(((step * b) + r0) * ldGx, rows * ldGx), ldGx, ghr, bias, [], step, rows, h);
                },
                split);
            runner.RunAll(t, reverse, _order, 6.0 * b * h * h);

            RnnLayerSupport.Return(gh, masked);
        }
        else
        {
            float[] gh = RnnLayerSupport.Rent(b * h2, clear: false);
            float[] reset = RnnLayerSupport.Rent(b * h, clear: false);
            float[] product = RnnLayerSupport.Rent(b * h, clear: false);
            float[] scratch = record ? [] : RnnLayerSupport.Rent(b * h4, clear: false);
            float[]? mask = _masks?[d];
            float[] masked = mask is null ? [] : RnnLayerSupport.Rent(b * h, clear: false);
            using PackedWeightCache.PackedLease leaseRz = PackedWeightCache.Transposed(whh, 0, h2, h, cache: !record);
            using PackedWeightCache.PackedLease leaseN = PackedWeightCache.Transposed(whh, h2 * h, h, h, cache: !record);
            PackedMatrix packedRz = leaseRz.Matrix;
            PackedMatrix packedN = leaseN.Matrix;
            var runner = new RnnStepRunner(
                (step, r0, rows) =>
                {
                    Span<float> state = hN.AsSpan(stateOffset + (r0 * h), rows * h);
                    Span<float> keep = record ? saved.AsSpan(((step * b) + r0) * h4, rows * h4) : scratch.AsSpan(r0 * h4, rows * h4);
                    ReadOnlySpan<float> gxT = gx.AsSpan(((step * b) + r0) * h3, rows * h3);
                    Span<float> ghr = gh.AsSpan(r0 * h2, rows * h2);
                    Span<float> rs = reset.AsSpan(r0 * h, rows * h);
                    Span<float> q = product.AsSpan(r0 * h, rows * h);
                    ReadOnlySpan<float> hin = RecurrentInput(state, mask, masked, r0 * h);

                    Gemm.Sgemm(ghr, h2, hin, h, packedRz, rows);
                    GruGates.ForwardResetBeforeGates(rs, keep, hin, gxT, h3, ghr, bias, [], step, rows, h);
                    Gemm.Sgemm(q, h, rs, h, packedN, rows);
                    GruGates.ForwardResetBeforeOutput(
                        y.AsSpan((step * b * ld) + (d * h) + (r0 * ld)), ld, state, keep, gxT, h3, q, rs, bias, record, [], step, rows, h);
                },
                split);
            runner.RunAll(t, reverse, _order, 6.0 * b * h * h);

            RnnLayerSupport.Return(gh, reset, product, scratch, masked);
        }
    }

    private void BackwardDirection(int d, float[] dy, float[] dhN, float[] gates, float[] carry, float[] previous, bool split)
    {
        int t = _seqLen, b = _batch, h = _hidden, ld = _directions * h;
        int h2 = 2 * h, h3 = 3 * h, h4 = 4 * h;
        int width = _resetAfter ? h4 : h3;
        bool reverse = d == 1;
        float[] whh = _whh[d];
        float[] saved = _saved[d];

        RnnLayerSupport.BuildPrevious(previous, _y, ld, d * h, _h0.AsSpan(d * b * h, b * h), _lengths, reverse, t, b, h);
        if (dhN.Length > 0)
        {
            dhN.AsSpan(d * b * h, b * h).CopyTo(carry);
        }

        bool hasDy = dy.Length > 0;
        float[] resetGrad = _resetAfter ? [] : RnnLayerSupport.Rent(b * h, clear: false);
        // With recurrent dropout the gradient that reaches h_{t−1} through the recurrent products is collected in a
        // scratch and multiplied by the mask before it joins the carry (the z⊙h_{t−1} path is not masked); the
        // reset-before r gradient reads the masked h_{t−1}.
        float[]? mask = _masks?[d];
        float[] viaProducts = mask is null ? [] : RnnLayerSupport.Rent(b * h, clear: false);
        float[] maskedPrevious = mask is null || _resetAfter ? [] : RnnLayerSupport.Rent(t * b * h, clear: false);
        if (maskedPrevious.Length > 0)
        {
            MaskRows(maskedPrevious, previous, mask!, t, b * h);
        }

        // W_hh as the right operand of dh_{t−1} = dG·W_hh, packed once for all steps (reset-before: the r, z rows and
        // the n rows separately).
        PackedMatrix packedHh = RnnLayerSupport.Pack(whh.AsSpan(0, (_resetAfter ? h3 : h2) * h), _resetAfter ? h3 : h2, h);
        PackedMatrix? packedN = _resetAfter ? null : RnnLayerSupport.Pack(whh.AsSpan(h2 * h), h, h);
        var runner = new RnnStepRunner(
            (step, r0, rows) =>
            {
                int row = (step * b) + r0;
                Span<float> g = gates.AsSpan(row * width, rows * width);
                Span<float> c = carry.AsSpan(r0 * h, rows * h);
                ReadOnlySpan<float> savedT = saved.AsSpan(row * h4, rows * h4);
                ReadOnlySpan<float> prevT = previous.AsSpan(row * h, rows * h);
                ReadOnlySpan<float> dyT = hasDy ? dy.AsSpan((step * b * ld) + (d * h) + (r0 * ld)) : default;
                if (mask is null)
                {
                    if (_resetAfter)
                    {
                        GruGates.BackwardResetAfter(g, c, savedT, prevT, dyT, ld, [], step, rows, h);
                        Gemm.Sgemm(c, h, g, h4, packedHh, rows, 1f, 1f);
                    }
                    else
                    {
                        Span<float> dr = resetGrad.AsSpan(r0 * h, rows * h);
                        GruGates.BackwardResetBeforeOutput(g, c, savedT, prevT, dyT, ld, [], step, rows, h);
                        Gemm.Sgemm(dr, h, g[h2..], h3, packedN!, rows);
                        GruGates.BackwardResetBeforeReset(g, c, savedT, prevT, dr, [], step, rows, h);
                        Gemm.Sgemm(c, h, g, h3, packedHh, rows, 1f, 1f);
                    }
                }
                else
                {
                    Span<float> via = viaProducts.AsSpan(r0 * h, rows * h);
                    if (_resetAfter)
                    {
                        GruGates.BackwardResetAfter(g, c, savedT, prevT, dyT, ld, [], step, rows, h);
                        Gemm.Sgemm(via, h, g, h4, packedHh, rows, 1f, 0f);
                    }
                    else
                    {
                        Span<float> dr = resetGrad.AsSpan(r0 * h, rows * h);
                        GruGates.BackwardResetBeforeOutput(g, c, savedT, prevT, dyT, ld, [], step, rows, h);
                        Gemm.Sgemm(dr, h, g[h2..], h3, packedN!, rows);
                        via.Clear();
                        GruGates.BackwardResetBeforeReset(g, via, savedT, maskedPrevious.AsSpan(row * h, rows * h), dr, [], step, rows, h);
                        Gemm.Sgemm(via, h, g, h3, packedHh, rows, 1f, 1f);
                    }

                    ReadOnlySpan<float> m = mask.AsSpan(r0 * h, rows * h);
                    TensorPrimitives.MultiplyAdd(via, m, c, c);
                }
            },
            split);
        for (int s = t - 1; s >= 0; s--)
        {
            int step = reverse ? t - 1 - s : s;
            runner.Run(step, _order.ActiveCount(step));
        }

        RnnLayerSupport.ReturnPacked(packedHh);
        RnnLayerSupport.ReturnPacked(packedN);
        RnnLayerSupport.Return(resetGrad, viaProducts);
        if (maskedPrevious.Length > 0)
        {
            // dW_hh (the r, z rows) reads the masked h_{t−1}; keep it in place of the unmasked one from here on.
            maskedPrevious.AsSpan(0, t * b * h).CopyTo(previous);
            RnnLayerSupport.Return(maskedPrevious);
        }
        else if (mask is not null)
        {
            MaskRows(previous, previous, mask, t, b * h);
        }
    }

    /// <summary>
    /// The left operand of a step's recurrent products for the rows starting at float <paramref name="offset"/>:
    /// <paramref name="state"/> itself, or, with a recurrent-dropout mask, state ⊙ mask written into <paramref name="masked"/>.
    /// </summary>
    private static ReadOnlySpan<float> RecurrentInput(Span<float> state, float[]? mask, float[] masked, int offset)
    {
        if (mask is null)
        {
            return state;
        }

        Span<float> hm = masked.AsSpan(offset, state.Length);
        TensorPrimitives.Multiply(state, mask.AsSpan(offset, state.Length), hm);
        return hm;
    }

    /// <summary>dst = src ⊙ mask for each of <paramref name="steps"/> (B, H) blocks of <paramref name="block"/> floats (one mask for every step).</summary>
    private static void MaskRows(Span<float> dst, ReadOnlySpan<float> src, float[] mask, int steps, int block)
    {
        for (int step = 0; step < steps; step++)
        {
            TensorPrimitives.Multiply(src.Slice(step * block, block), mask.AsSpan(0, block), dst.Slice(step * block, block));
        }
    }

    private void AccumulateWeightGradients(GradientContext context, int d, int per, float[] gates, float[] previous)
    {
        int h = _hidden, i = _input, h3 = 3 * h, h4 = 4 * h;
        int width = _resetAfter ? h4 : h3;
        float[] saved = _saved[d];
        int rows = _seqLen * _batch;
        int wihIndex = 2 + (d * per);
        if (context.NeedsInputGrad(wihIndex))
        {
            // reset-after: dG columns 0–2H feed the r, z rows, columns 3H–4H the n rows; reset-before: columns 0–3H.
            RnnLayerSupport.AddInputWeightGradient(
                context.InputGrad(wihIndex), gates, width, width, _x, i, rows,
                _resetAfter ? [(0, 0, 2 * h), (h3, 2 * h, h)] : [(0, 0, h3)]);
        }

        if (context.NeedsInputGrad(wihIndex + 1))
        {
            Span<float> dw = context.InputGrad(wihIndex + 1);
            if (_resetAfter)
            {
                Gemm.Sgemm(dw, h, gates, width, previous, h, h3, h, rows, GemmTranspose.TN, 1f, 1f);
            }
            else
            {
                Gemm.Sgemm(dw, h, gates, width, previous, h, 2 * h, h, rows, GemmTranspose.TN, 1f, 1f);
                Gemm.Sgemm(dw[(2 * h * h)..], h, gates.AsSpan(2 * h), width, saved.AsSpan(h3), h4, h, h, rows, GemmTranspose.TN, 1f, 1f);
            }
        }

        if (_hasBias && context.NeedsInputGrad(wihIndex + 2))
        {
            Span<float> db = context.InputGrad(wihIndex + 2);
            RnnLayerSupport.AddColumnSums(db[..(2 * h)], gates, width, rows);
            RnnLayerSupport.AddColumnSums(db[(2 * h)..], gates.AsSpan(_resetAfter ? h3 : 2 * h), width, rows);
        }

        if (_hasBias && context.NeedsInputGrad(wihIndex + 3))
        {
            RnnLayerSupport.AddColumnSums(context.InputGrad(wihIndex + 3), gates, width, rows);
        }
    }
}

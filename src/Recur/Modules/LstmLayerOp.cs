using System.Buffers;
using System.Numerics.Tensors;
using Recur.Autograd;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// One LSTM layer, all D directions, over a whole (possibly variable-length) sequence, as ONE autograd node.
/// <para>Forward, per direction: the input projection G = X·W_ihᵀ + (b_ih + b_hh) as large GEMMs over chunks of steps
/// (≈ 256 KiB of gate rows each, so a step's rows are still in cache when it runs); then per step one GEMM
/// G_t += h_{t−1}·W_hhᵀ over the active rows, with W_hh packed once per call, and one fused gate pass
/// (<see cref="LstmGates.Forward"/>) that writes c_t and h_t (with a projection, one more GEMM h_t = m_t·W_hrᵀ).
/// Under no-grad nothing is kept for backward and the work buffers are pooled (the gate buffer is one chunk).</para>
/// <para>Backward (BPTT), per direction: per step one fused gate-gradient pass (<see cref="LstmGates.Backward"/>) and
/// one GEMM dh_{t−1} = dG_t·W_hh; after the loop dW_ih = dGᵀ·X, dW_hh = dGᵀ·H_prev, db = Σ_rows dG,
/// dW_hr = dHᵀ·M and dX = dG·W_ih as large GEMMs. dG overwrites the saved gate activations in place, and the saved
/// buffers are released after the backward pass (a second backward through the same node throws).</para>
/// <para>The directions are independent until the output concat: their time loops run concurrently (one on a compute
/// worker, one on the caller's thread), forward and backward, whenever the work repays the hand-off and each
/// step's GEMM stays on one thread (otherwise one after the other, each step's GEMM split over the cores). Only
/// kernels run on the other thread; the node is recorded on the caller's thread.</para>
/// <para>Variable lengths: the batch is sorted by length once (<see cref="BatchOrder"/>), so the active rows of step t
/// are a prefix; a finished (or not yet started, for the reverse direction) sequence keeps its state, its output rows
/// stay zero and its gradient rows are exactly zero.</para>
/// </summary>
internal sealed class LstmLayerOp : Function
{
    /// <summary>Gate floats per input-projection chunk (see ChunkSteps): 64 Ki floats = 256 KiB.</summary>
    private const int ChunkFloats = 65536;

    /// <summary>Row-split steps only while the packed W_hh (G·H × Hout floats) fits in each core's L2 (1 MiB; measured: medium-b, H = 256, 45 → 28 ms).</summary>
    private const long RowSplitMaxWeightFloats = 1L << 18;

    /// <summary>
    /// The least rows × H for which a step whose product is not split by rows splits its gate pass over two cores
    /// (about 10 µs of gate math against a hand-off of a few).
    /// </summary>
    private const long GateSplitMinElements = 4096;

    /// <summary>
    /// The most flops of one step's recurrent product for which a forward pass runs the two directions concurrently
    /// rather than splitting each step by rows (measured up to medium-a, 4.2 MFLOP; see LoopShape.ConcurrentWorthIt).
    /// </summary>
    private const double ConcurrentForwardMaxStepFlops = 8e6;

    /// <summary>Steps per input-projection chunk when stacked layers run as a pipeline (<see cref="ForwardStacked"/>):
    /// the lag of each layer behind the one below it.</summary>
    private const int PipelineChunkSteps = 4;

    private LstmVariant _variant = null!;
    private static readonly float[][] NoPeepholes = [[], [], []];

    [ThreadStatic]
    private static ForwardStep? t_forwardStep;

    [ThreadStatic]
    private static BackwardStep? t_backwardStep;

    private LstmDirectionParameters[] _parameters = [];
    private int[] _parameterIndex = [];
    private int _h0Index = -1;
    private int _c0Index = -1;
    private int _steps;
    private int _batch;
    private int _inputSize;
    private BatchOrder _order = null!;
    private float[] _x = [];
    private bool _xPooled;
    private DirectionWork[] _work = [];

    /// <summary>Runs the layer.</summary>
    /// <param name="x">Input (T, B, in).</param>
    /// <param name="parameters">One entry per direction (1 or 2).</param>
    /// <param name="h0">(D, B, Hout) or null (zeros).</param>
    /// <param name="c0">(D, B, H) or null (zeros).</param>
    /// <param name="lengths">B lengths in 1 … T, or null (all T). Validated by the caller.</param>
    /// <param name="variant">The equations.</param>
    /// <param name="recurrentMasks">
    /// Variational recurrent dropout: per direction a (B, Hout) mask (0 or 1/(1 − p), in the caller's batch order) that
    /// multiplies h_{t−1} in the recurrent product h_{t−1}·W_hhᵀ at every step (one mask for all steps, as Keras's
    /// recurrent_dropout); h_t itself, the output and the peepholes are not masked. Null: none.
    /// </param>
    /// <returns>Output (T, B, D·Hout), HiddenState (D, B, Hout), CellState (D, B, H).</returns>
    public static RnnOutput Forward(
        Tensor x, LstmDirectionParameters[] parameters, Tensor? h0, Tensor? c0, int[]? lengths, LstmVariant variant, float[][]? recurrentMasks = null)
    {
        int steps = x.Dims[0];
        int batch = x.Dims[1];
        int inputSize = x.Dims[2];
        int dirs = parameters.Length;
        int h = variant.HiddenSize;
        int hout = variant.OutputSize;
        int gh = variant.GateCount * h;
        int rows = steps * batch;

        // The recorded inputs: x, then per direction W_ih, W_hh and the optional b_ih, b_hh, W_hr, peepholes, then h0, c0.
        int count = 1 + (h0 is null ? 0 : 1) + (c0 is null ? 0 : 1);
        foreach (LstmDirectionParameters p in parameters)
        {
            count += 2 + Count(p.BiasIh) + Count(p.BiasHh) + Count(p.WeightHr) + Count(p.PeepholeI) + Count(p.PeepholeF) + Count(p.PeepholeO);
        }

        var inputArray = new Tensor[count];
        int n = 0;
        inputArray[n++] = x;
        var paramIndex = new int[dirs];
        for (int d = 0; d < dirs; d++)
        {
            paramIndex[d] = n;
            LstmDirectionParameters p = parameters[d];
            inputArray[n++] = p.WeightIh;
            inputArray[n++] = p.WeightHh;
            AddIf(inputArray, ref n, p.BiasIh);
            AddIf(inputArray, ref n, p.BiasHh);
            AddIf(inputArray, ref n, p.WeightHr);
            AddIf(inputArray, ref n, p.PeepholeI);
            AddIf(inputArray, ref n, p.PeepholeF);
            AddIf(inputArray, ref n, p.PeepholeO);
        }

        int h0Index = h0 is null ? -1 : n;
        AddIf(inputArray, ref n, h0);
        int c0Index = c0 is null ? -1 : n;
        AddIf(inputArray, ref n, c0);
        bool record = GradMode.ShouldRecord(inputArray);

        BatchOrder order = BatchOrder.Create(lengths, steps, batch);
        float[] xw;
        if (order.IsIdentity)
        {
            xw = x.Buffer;
        }
        else
        {
            xw = Rent(rows * inputSize, clear: false);
            order.Gather(xw, x.Buffer, steps, batch, inputSize);
        }

        // The outputs' storage comes from TensorPool: a disposed RnnOutput hands it to the next call of this size.
        float[] hn = TensorPool.Rent(dirs * batch * hout, clear: true);
        float[] cn = TensorPool.Rent(dirs * batch * h, clear: true);
        if (h0 is not null)
        {
            order.Gather(hn, h0.Buffer, dirs, batch, hout);
        }

        if (c0 is not null)
        {
            order.Gather(cn, c0.Buffer, dirs, batch, h);
        }

        // Without lengths every output row is written; with them the padded rows must read as zeros.
        float[] yw = TensorPool.Rent(rows * dirs * hout, clear: lengths is not null);
        var work = new DirectionWork[dirs];
        for (int d = 0; d < dirs; d++)
        {
            LstmDirectionParameters p = parameters[d];
            var wk = new DirectionWork(d, p, record);
            if (recurrentMasks is not null)
            {
                wk.Mask = new float[batch * hout];
                order.Gather(wk.Mask, recurrentMasks[d], 1, batch, hout);
                if (!record)
                {
                    wk.MaskedH = Rent(batch * hout, clear: false);
                }
            }

            // Saved activations come from the shared pool and go back to it after the backward pass (large per-call
            // buffers would otherwise land on the large-object heap at every training step). Rows that padded steps
            // leave unwritten but that a GEMM reads are cleared.
            wk.Gates = Rent(record ? rows * gh : ChunkSteps(steps, batch, gh) * batch * gh, clear: false);
            if (record)
            {
                wk.CPrev = Rent(rows * h, clear: false);
                wk.CPre = Rent(rows * h, clear: false);
                wk.HPrev = Rent(rows * hout, clear: lengths is not null);
                wk.M = variant.ProjSize > 0 ? Rent(rows * h, clear: lengths is not null) : null;
            }
            else if (variant.ProjSize > 0)
            {
                wk.M = Rent(batch * h, clear: false);
            }

            work[d] = wk;
        }

        var ctx = new LoopShape(steps, batch, dirs, h, hout, gh, order, variant);
        bool concurrent = ctx.ConcurrentWorthIt(inputSize, forward: true);
        if (RunsConcurrently(dirs, concurrent))
        {
            ForwardConcurrently(work, ctx, xw, inputSize, yw, hn, cn);
        }
        else
        {
            // The steps split as they would with the directions running at once, so that the results do not depend on
            // the thread count.
            foreach (DirectionWork wk in work)
            {
                ForwardLoop(wk, ctx, concurrent && dirs == 2, xw, inputSize, yw, hn, cn);
            }
        }

        float[] y = yw;
        float[] hOut = hn;
        float[] cOut = cn;
        if (!order.IsIdentity)
        {
            y = TensorPool.Rent(yw.Length, clear: false);
            order.Scatter(y, yw, steps, batch, dirs * hout, accumulate: false);
            hOut = TensorPool.Rent(hn.Length, clear: false);
            order.Scatter(hOut, hn, dirs, batch, hout, accumulate: false);
            cOut = TensorPool.Rent(cn.Length, clear: false);
            order.Scatter(cOut, cn, dirs, batch, h, accumulate: false);
            TensorPool.Return(yw); // the sorted copies are not kept: backward reads its own saved buffers
            TensorPool.Return(hn);
            TensorPool.Return(cn);
        }

        Tensor yt = Tensor.WrapPooled(y, [steps, batch, dirs * hout]);
        Tensor ht = Tensor.WrapPooled(hOut, [dirs, batch, hout]);
        Tensor ct = Tensor.WrapPooled(cOut, [dirs, batch, h]);
        var op = new LstmLayerOp();
        if (op.TryRecordOwning(inputArray, yt, ht, ct))
        {
            op._variant = variant;
            op._parameters = parameters;
            op._parameterIndex = paramIndex;
            op._h0Index = h0Index;
            op._c0Index = c0Index;
            op._steps = steps;
            op._batch = batch;
            op._inputSize = inputSize;
            op._order = order;
            op._x = xw;
            op._xPooled = !order.IsIdentity;
            op._work = work;
        }
        else
        {
            foreach (DirectionWork wk in work)
            {
                wk.ReturnBuffers();
            }

            if (!order.IsIdentity)
            {
                ArrayPool<float>.Shared.Return(xw);
            }
        }

        return new RnnOutput(yt, ht, ct);
    }

    /// <summary>
    /// Whether <see cref="ForwardStacked"/> runs these layers: two or more unidirectional layers, two threads allowed,
    /// and steps that a layer would not split by rows (see <see cref="SplitWorthIt"/>), so that one layer at a time
    /// leaves a core idle. Split steps pay more than the pipeline: tiny-c lstm2 (B = 32, H = 64) inference medians
    /// 3.68–6.00 → 3.97–4.25 ms in 4 interleaved pairs, against tiny-b (B = 8) 0.77–0.82 → 0.44–0.54 ms.
    /// </summary>
    public static bool CanPipeline(int layers, int directions, int batch, LstmVariant variant)
    {
        int gh = variant.GateCount * variant.HiddenSize;
        return layers >= 2 && directions == 1 && Parallelism.MaxThreads >= 2
            && (long)gh * variant.OutputSize <= RowSplitMaxWeightFloats && !SplitWorthIt(batch, gh, variant.OutputSize, minRows: 16);
    }

    /// <summary>
    /// A stack of unidirectional LSTM layers without recording, run as a pipeline: layer l runs on one core and layer
    /// l + 1 on the other, <see cref="PipelineChunkSteps"/> steps behind it (it projects a chunk of its input as soon as
    /// the layer below has written those steps), instead of one layer after the other with each step split by rows (or,
    /// at 8 rows, not split at all). Each layer computes exactly what <see cref="Forward"/> computes for it.
    /// Full-length sequences only, without recurrent-dropout masks.
    /// </summary>
    /// <param name="x">Input (T, B, in).</param>
    /// <param name="layers">Per layer its one direction's parameters.</param>
    /// <param name="h0">Per layer (1, B, Hout) or null (zeros).</param>
    /// <param name="c0">Per layer (1, B, H) or null (zeros).</param>
    /// <param name="variant">The equations.</param>
    /// <returns>Per layer its output (T, B, Hout), HiddenState (1, B, Hout) and CellState (1, B, H).</returns>
    public static RnnOutput[] ForwardStacked(Tensor x, LstmDirectionParameters[][] layers, Tensor?[] h0, Tensor?[] c0, LstmVariant variant)
    {
        int steps = x.Dims[0];
        int batch = x.Dims[1];
        int n = layers.Length;
        int h = variant.HiddenSize;
        int hout = variant.OutputSize;
        int gh = variant.GateCount * h;
        int chunk = Math.Min(PipelineChunkSteps, steps);
        var ys = new float[n][];
        var hns = new float[n][];
        var cns = new float[n][];
        var work = new DirectionWork[n];
        var progress = new StepProgress[n];
        for (int l = 0; l < n; l++)
        {
            hns[l] = TensorPool.Rent(batch * hout, clear: true);
            cns[l] = TensorPool.Rent(batch * h, clear: true);
            h0[l]?.AsReadOnlySpan().CopyTo(hns[l]);
            c0[l]?.AsReadOnlySpan().CopyTo(cns[l]);
            ys[l] = TensorPool.Rent(steps * batch * hout, clear: false);
            work[l] = new DirectionWork(0, layers[l][0], record: false)
            {
                Gates = Rent(chunk * batch * gh, clear: false),
                M = variant.ProjSize > 0 ? Rent(batch * h, clear: false) : null,
            };
            progress[l] = new StepProgress();
        }

        var shape = new LoopShape(steps, batch, 1, h, hout, gh, BatchOrder.Create(null, steps, batch), variant);
        var job = new DelegateWork(l =>
        {
            try
            {
                ForwardLoop(
                    work[l], shape, concurrentDirections: true, l == 0 ? x.Buffer : ys[l - 1], l == 0 ? x.Dims[2] : hout, ys[l], hns[l], cns[l],
                    chunk, l == 0 ? null : progress[l - 1], progress[l]);
            }
            finally
            {
                progress[l].Publish(steps); // a failed layer must not leave the next one waiting
            }
        });

        // Parts are claimed in order, so the layer a part waits for is running on the other thread or done (and a
        // caller that finds the workers busy runs the layers one after the other).
        ComputeWorkers.Run(job, n, Parallelism.MaxThreads);
        var outputs = new RnnOutput[n];
        for (int l = 0; l < n; l++)
        {
            work[l].ReturnBuffers();
            outputs[l] = new RnnOutput(
                Tensor.WrapPooled(ys[l], [steps, batch, hout]), Tensor.WrapPooled(hns[l], [1, batch, hout]), Tensor.WrapPooled(cns[l], [1, batch, h]));
        }

        return outputs;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Backward already ran through this node (its saved buffers are freed).</exception>
    protected internal override void Backward(GradientContext context)
    {
        if (_work.Length == 0)
        {
            throw new InvalidOperationException(
                "LstmLayer: backward already ran through this node and its saved activations were freed; run the forward pass again.");
        }

        LstmVariant v = _variant;
        int steps = _steps;
        int batch = _batch;
        int dirs = _work.Length;
        int h = v.HiddenSize;
        int hout = v.OutputSize;
        int gh = v.GateCount * h;
        int rows = steps * batch;
        BatchOrder order = _order;

        float[] dy = Rent(rows * dirs * hout, clear: !context.HasOutputGrad(0));
        if (context.HasOutputGrad(0))
        {
            order.Gather(dy, context.OutputGrad(0), steps, batch, dirs * hout);
        }

        // Scratch of this pass comes from the shared pool and goes back at its end: a training step allocates nothing
        // that scales with the sizes beyond what it returns.
        float[] dhn = Rent(dirs * batch * hout, clear: true);
        if (context.HasOutputGrad(1))
        {
            order.Gather(dhn, context.OutputGrad(1), dirs, batch, hout);
        }

        float[] dcn = Rent(dirs * batch * h, clear: true);
        if (context.HasOutputGrad(2))
        {
            order.Gather(dcn, context.OutputGrad(2), dirs, batch, h);
        }

        var ctx = new LoopShape(steps, batch, dirs, h, hout, gh, order, v);
        foreach (DirectionWork wk in _work)
        {
            int d = wk.Direction;
            wk.DGates = wk.Gates; // dG_t overwrites the activations of step t in place (the kernel reads them first)
            wk.Dh = Rent(batch * hout, clear: false);
            dhn.AsSpan(d * batch * hout, batch * hout).CopyTo(wk.Dh);
            wk.Dc = Rent(batch * h, clear: false);
            dcn.AsSpan(d * batch * h, batch * h).CopyTo(wk.Dc);
            if (v.ProjSize > 0)
            {
                wk.DHAll = Rent(rows * hout, clear: order.ActiveCount(steps - 1) < batch); // padded rows must read as zero
                wk.Dm = Rent(batch * h, clear: true);
            }
            else
            {
                wk.DhTotal = Rent(batch * hout, clear: true);
            }

            if (v.Peepholes)
            {
                wk.DPeepholeI = new float[h];
                wk.DPeepholeF = v.Coupled ? [] : new float[h];
                wk.DPeepholeO = new float[h];
            }
        }

        bool concurrent = ctx.ConcurrentWorthIt(_inputSize, forward: false);
        if (RunsConcurrently(dirs, concurrent))
        {
            BackwardConcurrently(_work, ctx, dy);
        }
        else
        {
            foreach (DirectionWork wk in _work)
            {
                BackwardLoop(wk, ctx, concurrent && dirs == 2, dy);
            }
        }
        ArrayPool<float>.Shared.Return(dhn);
        ArrayPool<float>.Shared.Return(dcn);

        // Large GEMMs over all steps, on the caller's thread (the GEMM kernel parallelizes them itself).
        float[]? dxSorted = null;
        if (context.NeedsInputGrad(0))
        {
            dxSorted = order.IsIdentity ? null : Rent(rows * _inputSize, clear: true);
        }

        foreach (DirectionWork wk in _work)
        {
            int d = wk.Direction;
            LstmDirectionParameters p = _parameters[d];
            int idx = _parameterIndex[d];
            if (context.NeedsInputGrad(idx))
            {
                Gemm.Sgemm(context.InputGrad(idx), _inputSize, wk.DGates, gh, _x, _inputSize, gh, _inputSize, rows, GemmTranspose.TN, 1f, 1f);
            }

            idx++;
            if (context.NeedsInputGrad(idx))
            {
                Gemm.Sgemm(context.InputGrad(idx), hout, wk.DGates, gh, wk.HPrev!, hout, gh, hout, rows, GemmTranspose.TN, 1f, 1f);
            }

            idx++;
            if (p.BiasIh is not null)
            {
                bool needIh = context.NeedsInputGrad(idx);
                bool needHh = context.NeedsInputGrad(idx + 1);
                if (needIh || needHh)
                {
                    float[] dbArray = Rent(gh, clear: true);
                    Span<float> db = dbArray.AsSpan(0, gh);
                    for (int r = 0; r < rows; r++)
                    {
                        TensorPrimitives.Add(db, wk.DGates.AsSpan(r * gh, gh), db);
                    }

                    if (needIh)
                    {
                        Span<float> g = context.InputGrad(idx);
                        TensorPrimitives.Add(g, db, g);
                    }

                    if (needHh)
                    {
                        Span<float> g = context.InputGrad(idx + 1);
                        TensorPrimitives.Add(g, db, g);
                    }

                    ArrayPool<float>.Shared.Return(dbArray);
                }

                idx += 2;
            }

            if (p.WeightHr is not null)
            {
                if (context.NeedsInputGrad(idx))
                {
                    Gemm.Sgemm(context.InputGrad(idx), h, wk.DHAll!, hout, wk.M!, h, hout, h, rows, GemmTranspose.TN, 1f, 1f);
                }

                idx++;
            }

            idx = AddPeephole(context, idx, p.PeepholeI, wk.DPeepholeI);
            idx = AddPeephole(context, idx, p.PeepholeF, wk.DPeepholeF);
            _ = AddPeephole(context, idx, p.PeepholeO, wk.DPeepholeO);

            if (context.NeedsInputGrad(0))
            {
                Span<float> dx = dxSorted ?? context.InputGrad(0);
                Gemm.Sgemm(dx, _inputSize, wk.DGates, gh, p.WeightIh.Buffer, _inputSize, rows, _inputSize, gh, GemmTranspose.NN, 1f, 1f);
            }
        }

        if (dxSorted is not null)
        {
            order.Scatter(context.InputGrad(0), dxSorted, steps, batch, _inputSize, accumulate: true);
        }

        if (_h0Index >= 0 && context.NeedsInputGrad(_h0Index))
        {
            float[] dh0 = Rent(dirs * batch * hout, clear: false);
            foreach (DirectionWork wk in _work)
            {
                wk.Dh.AsSpan(0, batch * hout).CopyTo(dh0.AsSpan(wk.Direction * batch * hout));
            }

            order.Scatter(context.InputGrad(_h0Index), dh0, dirs, batch, hout, accumulate: true);
            ArrayPool<float>.Shared.Return(dh0);
        }

        if (_c0Index >= 0 && context.NeedsInputGrad(_c0Index))
        {
            float[] dc0 = Rent(dirs * batch * h, clear: false);
            foreach (DirectionWork wk in _work)
            {
                wk.Dc.AsSpan(0, batch * h).CopyTo(dc0.AsSpan(wk.Direction * batch * h));
            }

            order.Scatter(context.InputGrad(_c0Index), dc0, dirs, batch, h, accumulate: true);
            ArrayPool<float>.Shared.Return(dc0);
        }

        // Free the saved activations now (as PyTorch does), not when the graph is collected.
        foreach (DirectionWork wk in _work)
        {
            wk.ReturnBuffers();
        }

        ArrayPool<float>.Shared.Return(dy);
        if (dxSorted is not null)
        {
            ArrayPool<float>.Shared.Return(dxSorted);
        }

        if (_xPooled)
        {
            ArrayPool<float>.Shared.Return(_x);
        }

        _work = [];
        _x = [];
    }

    private static int AddPeephole(GradientContext context, int idx, Tensor? peephole, float[] grad)
    {
        if (peephole is null)
        {
            return idx;
        }

        if (context.NeedsInputGrad(idx))
        {
            Span<float> g = context.InputGrad(idx);
            TensorPrimitives.Add(g, grad, g);
        }

        return idx + 1;
    }

    private static void AddIf(Tensor[] inputs, ref int n, Tensor? t)
    {
        if (t is not null)
        {
            inputs[n++] = t;
        }
    }

    private static int Count(Tensor? t) => t is null ? 0 : 1;

    /// <summary>An array of at least <paramref name="length"/> floats from the shared pool, zeroed over [0, length) when asked.</summary>
    private static float[] Rent(int length, bool clear)
    {
        float[] a = ArrayPool<float>.Shared.Rent(Math.Max(length, 1));
        if (clear)
        {
            a.AsSpan(0, length).Clear();
        }

        return a;
    }

    /// <summary>
    /// The number of time steps whose input projection is computed at once: a chunk of gate rows of about 256 KiB, so
    /// that the rows a step reads are still in cache when the step runs (one projection GEMM per chunk, with W_ih packed
    /// once, instead of one for the whole sequence that would stream T·B·G·H floats through memory twice).
    /// </summary>
    private static int ChunkSteps(int steps, int batch, int gh) => Math.Clamp(ChunkFloats / Math.Max(1, batch * gh), 1, steps);

    /// <summary>G (rows, G·H) = X (rows, in)·W_ihᵀ + (b_ih + b_hh), with W_ih packed.</summary>
    private static void InputProjection(Span<float> g, ReadOnlySpan<float> x, PackedMatrix wih, ReadOnlySpan<float> bias, int rows, int gh, int inputSize)
    {
        float beta = 0f;
        if (!bias.IsEmpty)
        {
            for (int r = 0; r < rows; r++)
            {
                bias.CopyTo(g.Slice(r * gh, gh));
            }

            beta = 1f;
        }

        Gemm.Sgemm(g, gh, x, inputSize, wih, rows, 1f, beta);
    }

    /// <summary>
    /// Whether the two directions run at once on two cores through <see cref="ComputeWorkers"/>: two threads are
    /// allowed and the work is large enough to repay the hand-off (<paramref name="concurrent"/>); else one runs after
    /// the other on the calling thread. While the directions run, the workers are taken, so a GEMM inside a direction stays
    /// on its thread (two threads on two cores, where a pool task let the other direction's GEMMs fork), and the compute
    /// worker starts sooner than a pool task (tiny-b bilstm inference, 4 interleaved pairs: medians 0.40–0.72 →
    /// 0.34–0.43 ms; training 1.33–1.53 → 1.03–1.14 ms in 3 pairs).
    /// </summary>
    private static bool RunsConcurrently(int dirs, bool concurrent) => dirs == 2 && concurrent && Parallelism.MaxThreads >= 2;

    /// <summary>
    /// Both directions' forward loops at once (see <see cref="RunsConcurrently"/>); kept apart so that the closure is
    /// only allocated on this path.
    /// </summary>
    private static void ForwardConcurrently(DirectionWork[] work, LoopShape ctx, float[] xw, int inputSize, float[] yw, float[] hn, float[] cn) =>
        ComputeWorkers.Run(new DelegateWork(d => ForwardLoop(work[d], ctx, true, xw, inputSize, yw, hn, cn)), 2, 2);

    /// <summary>Both directions' backward loops at once (see <see cref="RunsConcurrently"/>).</summary>
    private static void BackwardConcurrently(DirectionWork[] work, LoopShape ctx, float[] dy) =>
        ComputeWorkers.Run(new DelegateWork(d => BackwardLoop(work[d], ctx, true, dy)), 2, 2);

    /// <summary>How many steps of a layer's output are written, published to the layer above it.</summary>
    private sealed class StepProgress
    {
        private int _steps;

        /// <summary>Marks the first <paramref name="steps"/> steps written (their rows are visible to a reader that saw this).</summary>
        public void Publish(int steps) => Volatile.Write(ref _steps, steps);

        /// <summary>Spins (yielding, never sleeping) until at least <paramref name="steps"/> steps are written.</summary>
        public void WaitFor(int steps)
        {
            SpinWait spinner = default;
            while (Volatile.Read(ref _steps) < steps)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>
    /// One direction's time loop. <paramref name="chunkSteps"/>: steps per input-projection chunk (0: see
    /// <see cref="ChunkSteps"/>); <paramref name="source"/>: the progress of the layer that writes
    /// <paramref name="x"/>, awaited before each chunk is projected; <paramref name="done"/>: this loop's progress
    /// (forward direction only).
    /// </summary>
    private static void ForwardLoop(
        DirectionWork wk, LoopShape s, bool concurrentDirections, float[] x, int inputSize, float[] y, float[] hn, float[] cn,
        int chunkSteps = 0, StepProgress? source = null, StepProgress? done = null)
    {
        LstmVariant v = s.Variant;
        int batch = s.Batch;
        int h = s.Hidden;
        int hout = s.OutputSize;
        int gh = s.GateWidth;
        int d = wk.Direction;
        int ldy = s.Directions * hout;
        bool proj = v.ProjSize > 0;
        bool record = wk.Record;
        Span<float> hs = hn.AsSpan(d * batch * hout, batch * hout);
        Span<float> cs = cn.AsSpan(d * batch * h, batch * h);
        LstmDirectionParameters p = wk.Parameters;
        // W_ih (G·H, in), W_hh (G·H, Hout) and W_hr (P, H) are packed once per call and reused at every step.
        // Under no-grad the packs come from the cache (re-packed only when a weight changed; see PackedWeightCache).
        using PackedWeightCache.PackedLease wihLease = PackedWeightCache.Transposed(p.WeightIh.Buffer, 0, gh, inputSize, cache: !record);
        using PackedWeightCache.PackedLease whhLease = PackedWeightCache.Transposed(p.WeightHh.Buffer, 0, gh, hout, cache: !record);
        using PackedWeightCache.PackedLease whrLease = proj ? PackedWeightCache.Transposed(p.WeightHr!.Buffer, 0, hout, h, cache: !record) : default;
        PackedMatrix wih = wihLease.Matrix;
        PackedMatrix whh = whhLease.Matrix;
        PackedMatrix? whr = proj ? whrLease.Matrix : null;
        float[]? biasArray = null;
        if (p.BiasIh is not null && p.BiasHh is not null)
        {
            biasArray = Rent(gh, clear: false);
            TensorPrimitives.Add(p.BiasIh.Buffer, p.BiasHh.Buffer, biasArray.AsSpan(0, gh));
        }

        ReadOnlySpan<float> bias = biasArray is null ? default : biasArray.AsSpan(0, gh);

        // One step object per thread, reused from call to call (a loop runs on one thread at a time).
        ForwardStep work = t_forwardStep ?? new ForwardStep();
        t_forwardStep = null;
        work.H = hn;
        work.HOffset = d * batch * hout;
        work.C = cn;
        work.COffset = d * batch * h;
        work.Y = y;
        work.SetWeights(ldy, whh, whr, p, v);
        work.Gates = wk.Gates;
        work.Mask = record ? null : wk.Mask;
        work.GatesOnly = false;

        // Steps of medium size run on both cores, split by rows (GEMM rows and their gate pass); the split does not
        // depend on the thread count, so the results do not either.
        bool split = !concurrentDirections && Parallelism.MaxThreads >= 2 && (long)gh * hout <= RowSplitMaxWeightFloats;
        bool splitGates = !concurrentDirections && Parallelism.MaxThreads >= 2 && !split;
        int chunk = chunkSteps > 0 ? chunkSteps : ChunkSteps(s.Steps, batch, gh);
        for (int step = 0; step < s.Steps; step++)
        {
            int t = d == 1 ? s.Steps - 1 - step : step;
            int first = t / chunk * chunk;
            int count = Math.Min(chunk, s.Steps - first);
            if (t == (d == 1 ? first + count - 1 : first))
            {
                // Project the chunk of steps [first, first + count) that starts here (in this direction's order).
                source?.WaitFor(first + count);
                Span<float> dst = record ? wk.Gates.AsSpan(first * batch * gh) : wk.Gates;
                InputProjection(dst, x.AsSpan(first * batch * inputSize), wih, bias, count * batch, gh, inputSize);
            }

            int n = s.Order.ActiveCount(t);
            if (n == 0)
            {
                done?.Publish(step + 1);
                continue;
            }

            if (record)
            {
                // With recurrent dropout the saved h_{t−1} is the masked one: the product (and dW_hh) uses it.
                if (wk.Mask is null)
                {
                    hs[..(n * hout)].CopyTo(wk.HPrev.AsSpan(t * batch * hout));
                }
                else
                {
                    TensorPrimitives.Multiply(hs[..(n * hout)], wk.Mask.AsSpan(0, n * hout), wk.HPrev.AsSpan(t * batch * hout, n * hout));
                }

                cs[..(n * h)].CopyTo(wk.CPrev.AsSpan(t * batch * h));
            }

            work.GatesOffset = (record ? t : t - first) * batch * gh;
            work.HIn = wk.Mask is null ? null : record ? wk.HPrev : wk.MaskedH;
            work.HInOffset = record ? t * batch * hout : 0;
            work.CPre = record ? wk.CPre : null;
            work.CPreOffset = t * batch * h;
            work.M = proj ? wk.M : null;
            work.MOffset = record ? t * batch * h : 0;
            work.YOffset = (t * batch * ldy) + (d * hout);
            work.Rows = n;
            work.Split = SplitRow(n);
            if (split && SplitWorthIt(n, gh, hout, minRows: 16))
            {
                ComputeWorkers.Run(work, 2, Parallelism.MaxThreads);
            }
            else if (splitGates && n >= 2 && (long)n * h >= GateSplitMinElements)
            {
                // The product splits its columns over the cores inside the GEMM; the gate pass (every gate column of a
                // row) then splits the rows, instead of leaving one core idle for ~5% of a large step.
                work.Run(0, n, product: true, gates: false);
                work.GatesOnly = true;
                ComputeWorkers.Run(work, 2, Parallelism.MaxThreads);
                work.GatesOnly = false;
            }
            else
            {
                work.Run(0, n);
            }

            done?.Publish(step + 1);
        }

        if (biasArray is not null)
        {
            ArrayPool<float>.Shared.Return(biasArray);
        }

        work.Clear();
        t_forwardStep = work;
    }

    private static void BackwardLoop(DirectionWork wk, LoopShape s, bool concurrentDirections, float[] dy)
    {
        LstmVariant v = s.Variant;
        int batch = s.Batch;
        int h = s.Hidden;
        int hout = s.OutputSize;
        int gh = s.GateWidth;
        int d = wk.Direction;
        int ldy = s.Directions * hout;
        bool proj = v.ProjSize > 0;
        LstmDirectionParameters p = wk.Parameters;
        // dh_{t−1} = dG_t·W_hh and dm = dh·W_hr: the weights as stored, packed once per call.
        PackedMatrix whh = PackedWeightPool.AsStored(p.WeightHh.Buffer, gh, hout);
        PackedMatrix? whr = proj ? PackedWeightPool.AsStored(p.WeightHr!.Buffer, hout, h) : null;
        BackwardStep work = t_backwardStep ?? new BackwardStep();
        t_backwardStep = null;
        work.Work = wk;
        work.Dy = dy;
        work.SetWeights(ldy, whh, whr, p, v);
        work.YColumn = d * hout;
        work.Batch = batch;
        work.DPeephole1 = v.Peepholes ? [new float[h], v.Coupled ? [] : new float[h], new float[h]] : NoPeepholes;

        // As forward: medium steps split by rows over both cores. The split depends on the sizes only (each half
        // accumulates its own peephole gradients, added in a fixed order at the end), so the results do not depend on
        // the thread count.
        bool split = !concurrentDirections && (long)gh * hout <= RowSplitMaxWeightFloats;
        for (int step = s.Steps - 1; step >= 0; step--)
        {
            int t = d == 1 ? s.Steps - 1 - step : step;
            int n = s.Order.ActiveCount(t);
            if (n < batch)
            {
                // Rows of finished (or not yet started) sequences: their gradient rows must be exactly zero.
                wk.DGates.AsSpan(((t * batch) + n) * gh, (batch - n) * gh).Clear();
            }

            if (n == 0)
            {
                continue;
            }

            work.Step = t;
            work.Rows = n;
            work.Split = SplitRow(n);
            if (split && SplitWorthIt(n, gh, hout, minRows: 8))
            {
                ComputeWorkers.Run(work, 2, Parallelism.MaxThreads);
            }
            else
            {
                work.Run(0, n, wk.DPeepholeI, wk.DPeepholeF, wk.DPeepholeO);
            }
        }

        if (v.Peepholes)
        {
            TensorPrimitives.Add(wk.DPeepholeI, work.DPeephole1[0], wk.DPeepholeI);
            TensorPrimitives.Add(wk.DPeepholeF, work.DPeephole1[1], wk.DPeepholeF);
            TensorPrimitives.Add(wk.DPeepholeO, work.DPeephole1[2], wk.DPeepholeO);
        }

        PackedWeightPool.Return(whh, whr);
        work.Clear();
        t_backwardStep = work;
    }

    /// <summary>
    /// What the forward and backward step objects share: the packed recurrent weights, the peepholes and the output
    /// row stride.
    /// </summary>
    private abstract class StepBase : ComputeWork
    {
        /// <summary>Row stride of y / dy: D·Hout.</summary>
        public int Ldy { get; set; }

        public PackedMatrix Whh { get; set; } = null!;

        public PackedMatrix? Whr { get; set; }

        public float[]? Pi { get; set; }

        public float[]? Pf { get; set; }

        public float[]? Po { get; set; }

        public LstmVariant Variant { get; set; } = null!;

        /// <summary>Sets the stride, the packed W_hh (and W_hr), the direction's peepholes and the variant.</summary>
        public void SetWeights(int ldy, PackedMatrix whh, PackedMatrix? whr, LstmDirectionParameters p, LstmVariant variant)
        {
            Ldy = ldy;
            Whh = whh;
            Whr = whr;
            Pi = p.PeepholeI?.Buffer;
            Pf = p.PeepholeF?.Buffer;
            Po = p.PeepholeO?.Buffer;
            Variant = variant;
        }

        /// <summary>Drops the weight and peephole references.</summary>
        protected void ClearWeights()
        {
            Whh = null!;
            Whr = null;
            Pi = Pf = Po = null;
            Variant = null!;
        }
    }

    /// <summary>
    /// One forward step over rows [r0, r1) of the active rows: G_t += h_{t−1}·W_hhᵀ, the fused gate pass, the
    /// projection and the copy of h_t into the output. Parts 0 and 1 (for <see cref="ComputeWorkers"/>) are the rows
    /// below and from <see cref="Split"/> (a multiple of 8, so the GEMM's row tiles are those of the whole product).
    /// </summary>
    private sealed class ForwardStep : StepBase
    {
        public float[] Gates { get; set; } = [];

        public int GatesOffset { get; set; }

        public float[] H { get; set; } = [];

        public int HOffset { get; set; }

        /// <summary>The recurrent product's left operand when it is not h_{t−1} itself (recurrent dropout): null, or the masked rows.</summary>
        public float[]? HIn { get; set; }

        public int HInOffset { get; set; }

        /// <summary>The (B, Hout) dropout mask when <see cref="HIn"/> is a scratch that this step fills (no-grad); null otherwise.</summary>
        public float[]? Mask { get; set; }

        public float[] C { get; set; } = [];

        public int COffset { get; set; }

        public float[]? CPre { get; set; }

        public int CPreOffset { get; set; }

        public float[]? M { get; set; }

        public int MOffset { get; set; }

        public float[] Y { get; set; } = [];

        public int YOffset { get; set; }


        public int Rows { get; set; }

        public int Split { get; set; }

        /// <summary>Whether the parts run only the gate pass (and what follows it): the product was computed already.</summary>
        public bool GatesOnly { get; set; }

        /// <summary>Drops every array and matrix reference, so that the cached step object keeps nothing alive.</summary>
        public void Clear()
        {
            Gates = H = C = Y = [];
            HIn = Mask = CPre = M = null;
            ClearWeights();
        }

        public override void Execute(int part)
        {
            int split = Math.Min(Split, Rows);
            if (part == 0)
            {
                Run(0, split, product: !GatesOnly);
            }
            else
            {
                Run(split, Rows, product: !GatesOnly);
            }
        }

        /// <summary>The step on rows [r0, r1): the recurrent product (<paramref name="product"/>), then the gate pass,
        /// the projection and the copy into the output (<paramref name="gates"/>).</summary>
        public void Run(int r0, int r1, bool product = true, bool gates = true)
        {
            int n = r1 - r0;
            if (n <= 0)
            {
                return;
            }

            LstmVariant v = Variant;
            int h = v.HiddenSize;
            int hout = v.OutputSize;
            int gh = v.GateCount * h;
            Span<float> hs = H.AsSpan(HOffset + (r0 * hout), n * hout);
            Span<float> cs = C.AsSpan(COffset + (r0 * h), n * h);
            Span<float> gt = Gates.AsSpan(GatesOffset + (r0 * gh), n * gh);
            Span<float> cPre = CPre is null ? default : CPre.AsSpan(CPreOffset + (r0 * h), n * h);
            if (product)
            {
                ReadOnlySpan<float> hin = hs;
                if (HIn is not null)
                {
                    Span<float> masked = HIn.AsSpan(HInOffset + (r0 * hout), n * hout);
                    if (Mask is not null)
                    {
                        TensorPrimitives.Multiply(hs, Mask.AsSpan(r0 * hout, n * hout), masked);
                    }

                    hin = masked;
                }

                Gemm.Sgemm(gt, gh, hin, hout, Whh, n, 1f, 1f);
            }

            if (!gates)
            {
                return;
            }

            Span<float> m = M is null ? hs : M.AsSpan(MOffset + (r0 * h), n * h);
            LstmGates.Forward(gt, cs, m, cPre, Pi, Pf, Po, n, h, gh, v.Coupled, v.CellClip, v.HardSigmoidGates, v.SoftsignState);
            if (M is not null)
            {
                Gemm.Sgemm(hs, hout, m, h, Whr!, n, 1f, 0f);
            }

            Span<float> yt = Y.AsSpan(YOffset + (r0 * Ldy));
            for (int r = 0; r < n; r++)
            {
                hs.Slice(r * hout, hout).CopyTo(yt.Slice(r * Ldy, hout));
            }
        }
    }

    /// <summary>
    /// One backward step over rows [r0, r1) of the active rows: dh_total = dy_t + dh, dm (through W_hr when projected),
    /// the fused gate-gradient pass and dh_{t−1} = dG_t·W_hh. Part 0 accumulates the peephole gradients into the
    /// direction's arrays, part 1 into <see cref="DPeephole1"/>.
    /// </summary>
    private sealed class BackwardStep : StepBase
    {
        public DirectionWork Work { get; set; } = null!;

        public float[] Dy { get; set; } = [];

        public int YColumn { get; set; }


        public float[][] DPeephole1 { get; set; } = [];

        /// <summary>B: rows per step in the saved buffers.</summary>
        public int Batch { get; set; }

        public int Step { get; set; }

        /// <summary>Drops every array and matrix reference (see <see cref="ForwardStep.Clear"/>).</summary>
        public void Clear()
        {
            Work = null!;
            Dy = [];
            ClearWeights();
            DPeephole1 = NoPeepholes;
        }

        public int Rows { get; set; }

        public int Split { get; set; }

        public override void Execute(int part)
        {
            int split = Math.Min(Split, Rows);
            if (part == 0)
            {
                Run(0, split, Work.DPeepholeI, Work.DPeepholeF, Work.DPeepholeO);
            }
            else
            {
                Run(split, Rows, DPeephole1[0], DPeephole1[1], DPeephole1[2]);
            }
        }

        public void Run(int r0, int r1, float[] dpi, float[] dpf, float[] dpo)
        {
            int n = r1 - r0;
            if (n <= 0)
            {
                return;
            }

            LstmVariant v = Variant;
            DirectionWork wk = Work;
            int h = v.HiddenSize;
            int hout = v.OutputSize;
            int gh = v.GateCount * h;
            int batch = Batch;
            int t = Step;
            bool proj = Whr is not null;
            Span<float> dh = wk.Dh.AsSpan(r0 * hout, n * hout);
            Span<float> dhTotal = proj ? wk.DHAll.AsSpan(((t * batch) + r0) * hout, n * hout) : wk.DhTotal.AsSpan(r0 * hout, n * hout);
            ReadOnlySpan<float> dyt = Dy.AsSpan((((t * batch) + r0) * Ldy) + YColumn);
            for (int r = 0; r < n; r++)
            {
                TensorPrimitives.Add(dyt.Slice(r * Ldy, hout), dh.Slice(r * hout, hout), dhTotal.Slice(r * hout, hout));
            }

            Span<float> dm = dhTotal;
            if (proj)
            {
                dm = wk.Dm.AsSpan(r0 * h, n * h);
                Gemm.Sgemm(dm, h, dhTotal, hout, Whr!, n, 1f, 0f);
            }

            int rowBase = (t * batch) + r0;
            Span<float> dgt = wk.DGates.AsSpan(rowBase * gh, n * gh);
            LstmGates.Backward(
                dgt, wk.Dc.AsSpan(r0 * h, n * h), dpi, dpf, dpo,
                wk.Gates.AsSpan(rowBase * gh, n * gh), wk.CPre.AsSpan(rowBase * h, n * h), wk.CPrev.AsSpan(rowBase * h, n * h), dm,
                Pi, Pf, Po, n, h, gh, v.Coupled, v.CellClip, v.HardSigmoidGates, v.SoftsignState);
            Gemm.Sgemm(dh, hout, dgt, gh, Whh, n, 1f, 0f);
            if (wk.Mask is not null)
            {
                TensorPrimitives.Multiply(dh, wk.Mask.AsSpan(r0 * hout, n * hout), dh);
            }
        }
    }

    /// <summary>
    /// Whether a step of <paramref name="n"/> running rows is split over two cores: at least <paramref name="minRows"/>
    /// rows and a recurrent product of at least 128 kflop (with the gate pass beside it). A backward step (gate
    /// gradients, dh GEMM) pays for the fork from 8 rows (tiny-b, B = 8, H = 64: 0.86× the one-thread time); a forward
    /// step only from 16: at 8 rows its two halves of ~2 µs gained 8 % at best and, whenever the second core lagged,
    /// doubled the call's median (tiny-b lstm inference 0.27 → 0.52 ms across runs, while the unsplit GRU stayed at 0.27).
    /// </summary>
    private static bool SplitWorthIt(int n, int gh, int hout, int minRows) => n >= minRows && 2.0 * n * gh * hout >= 128_000;

    /// <summary>The first row of part 1: half the rows, a multiple of the GEMM's 8-row tiles from 16 rows on, of 4 below.</summary>
    private static int SplitRow(int n) => n >= 16 ? (((n + 1) / 2) + 7) / 8 * 8 : ((n / 2) + 3) & ~3;

    /// <summary>The sizes every direction's loop shares.</summary>
    private readonly record struct LoopShape(int Steps, int Batch, int Directions, int Hidden, int OutputSize, int GateWidth, BatchOrder Order, LstmVariant Variant)
    {
        /// <summary>
        /// Whether the two directions should run on two threads: when one direction's work (≈ 2·T·B·G·H·(in + Hout)
        /// flops) repays a hand-off of some microseconds (from 4 MFLOP on) and each step's product (2·B·G·H·Hout flops)
        /// is small enough for the GEMM to stay on the calling thread. Larger steps run the directions one after the
        /// other with every step's GEMM split over the cores instead (two directions each forking their GEMMs would put
        /// three threads on two cores); in a forward pass, steps of medium size whose W_hh fits a core's L2 (those the
        /// loop would split by rows) also run the directions concurrently, each on one core without a fork per step:
        /// bilstm inference tiny-c (1.05 MFLOP steps) 3.55–3.94 → 2.78–3.60 ms medians in 4 interleaved pairs,
        /// medium-a (4.2 MFLOP) 4.4–5.9 → 4.2–4.3 ms in 4 of 6 pairs (the other two noisy both ways). The backward pass
        /// keeps the lower bound (there the row split of the gate-gradient pass is measured to pay from 8 rows).
        /// </summary>
        public bool ConcurrentWorthIt(int inputSize, bool forward)
        {
            double stepFlops = 2.0 * Batch * GateWidth * OutputSize;
            return 2.0 * Steps * Batch * GateWidth * (inputSize + OutputSize) >= 4e6
                && (stepFlops < GemmBlocking.ParallelFlops
                    || (forward && stepFlops < ConcurrentForwardMaxStepFlops && (long)GateWidth * OutputSize <= RowSplitMaxWeightFloats));
        }
    }

    /// <summary>One direction's buffers: kept from forward for backward (when recording) and the backward scratch.</summary>
    private sealed class DirectionWork(int direction, LstmDirectionParameters parameters, bool record)
    {
        public int Direction { get; } = direction;

        public LstmDirectionParameters Parameters { get; } = parameters;

        public bool Record { get; } = record;

        /// <summary>(T·B, G·H): pre-activations, then activations.</summary>
        public float[] Gates { get; set; } = [];

        /// <summary>(T·B, H): c_{t−1} per step (recording only).</summary>
        public float[] CPrev { get; set; } = [];

        /// <summary>(T·B, H): c_t before clipping (recording only).</summary>
        public float[] CPre { get; set; } = [];

        /// <summary>(T·B, Hout): h_{t−1} per step (recording only), masked when there is a recurrent-dropout mask.</summary>
        public float[] HPrev { get; set; } = [];

        /// <summary>(B, Hout): the recurrent-dropout mask in sorted batch order, or null.</summary>
        public float[]? Mask { get; set; }

        /// <summary>(B, Hout): scratch for the masked h_{t−1} under no-grad with a mask (pooled), or null.</summary>
        public float[]? MaskedH { get; set; }

        /// <summary>(T·B, H): o·φ(c_t) when projected (recording), or a (B, H) scratch.</summary>
        public float[]? M { get; set; }

        public float[] DGates { get; set; } = [];

        public float[] Dh { get; set; } = [];

        public float[] Dc { get; set; } = [];

        public float[] DhTotal { get; set; } = [];

        public float[] DHAll { get; set; } = [];

        public float[] Dm { get; set; } = [];

        public float[] DPeepholeI { get; set; } = [];

        public float[] DPeepholeF { get; set; } = [];

        public float[] DPeepholeO { get; set; } = [];

        /// <summary>Gives the pooled buffers back (see <see cref="Rent"/>); the direction keeps nothing afterwards.</summary>
        public void ReturnBuffers()
        {
            foreach (float[]? a in (ReadOnlySpan<float[]?>)[Gates, CPrev, CPre, HPrev, M, DHAll, MaskedH, Dh, Dc, DhTotal, Dm])
            {
                if (a is { Length: > 0 })
                {
                    ArrayPool<float>.Shared.Return(a);
                }
            }

            Gates = CPrev = CPre = HPrev = DGates = DHAll = Dh = Dc = DhTotal = Dm = [];
            M = null;
            MaskedH = null;
        }
    }
}

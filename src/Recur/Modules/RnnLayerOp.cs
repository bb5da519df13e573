using Recur.Autograd;
using Recur.Kernels;

namespace Recur.Modules;

/// <summary>
/// One simple-RNN layer (h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), f = tanh or relu) over a whole sequence,
/// all directions, as ONE autograd node. Inputs: x (T, B, I), h0 (D, B, H), then per direction W_ih (H, I),
/// W_hh (H, H) and, with bias, b_ih (H), b_hh (H). Outputs: y (T, B, D·H) and h_n (D, B, H); in cell mode x is
/// (B, I), h0 (B, H) and the only output is h_1 (B, H).
/// <para>
/// Forward: X·W_ihᵀ for all T·B rows in one GEMM, then per step one GEMM h_{t−1}·W_hhᵀ and one fused activation
/// pass writing h_t into the strided output. Nothing but the output is kept for backward (f' is a function of h).
/// Backward: per step a fused pass dG = dh⊙f'(h) and one GEMM dh_{t−1} = dG·W_hh; then dW_ih, dW_hh, the bias
/// gradients and dX over all T·B rows at once. The two directions run concurrently; nothing is allocated per step.
/// </para>
/// <para>
/// Variable lengths: the batch is sorted by length once (<see cref="BatchOrder"/>) so that the rows running at step t
/// are a prefix; per-step work covers only them. Outputs and gradients are scattered back to the caller's order.
/// </para>
/// </summary>
internal sealed class RnnLayerOp : Function
{
    private int _seqLen;
    private int _batch;
    private int _input;
    private int _hidden;
    private int _directions;
    private bool _relu;
    private bool _hasBias;
    private bool _cell;
    private int[] _lengths = [];
    private BatchOrder _order = null!;
    private float[] _x = [];
    private float[] _h0 = [];
    private float[] _y = [];
    private float[][] _wih = [];
    private float[][] _whh = [];

    /// <summary>Runs the layer. Shapes are checked by the caller (the module).</summary>
    /// <param name="x">(T, B, I), or (B, I) in cell mode.</param>
    /// <param name="h0">(D, B, H), or (B, H) in cell mode.</param>
    /// <param name="weights">Per direction: W_ih (H, I), W_hh (H, H) and, when <paramref name="hasBias"/>, b_ih, b_hh (H).</param>
    /// <param name="hasBias">Whether <paramref name="weights"/> holds biases.</param>
    /// <param name="directions">D (1 or 2).</param>
    /// <param name="lengths">Validated lengths (each in [1, T]), or empty.</param>
    /// <param name="relu">True for relu, false for tanh.</param>
    /// <param name="cell">Cell mode: a single step, no h_n output.</param>
    public static RnnLayerResult Forward(
        Tensor x, Tensor h0, Tensor[] weights, bool hasBias, int directions, int[] lengths, bool relu, bool cell)
    {
        int per = hasBias ? 4 : 2;
        RnnLayerInput prepared = RnnLayerInput.Create(x, h0, weights, directions, lengths, cell);
        (int seqLen, int batch, int input, int hidden, BatchOrder order) =
            (prepared.SeqLen, prepared.Batch, prepared.Input, prepared.Hidden, prepared.Order);
        int dh = directions * hidden;
        var op = new RnnLayerOp
        {
            _seqLen = seqLen,
            _batch = batch,
            _input = input,
            _hidden = hidden,
            _directions = directions,
            _relu = relu,
            _hasBias = hasBias,
            _cell = cell,
            _order = order,
            _lengths = prepared.Lengths,
            _x = prepared.X,
            _h0 = prepared.H0,
            _y = prepared.Y,
            _wih = new float[directions][],
            _whh = new float[directions][],
        };

        float[] hN = TensorPool.Rent(directions * batch * hidden, clear: false);
        var biases = new float[directions][];
        for (int d = 0; d < directions; d++)
        {
            op._wih[d] = weights[d * per].Buffer;
            op._whh[d] = weights[(d * per) + 1].Buffer;
            float[] bias = RnnLayerSupport.Rent(hidden, clear: !hasBias); // pooled; the kernels index it
            if (hasBias)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(weights[(d * per) + 2].Buffer, weights[(d * per) + 3].Buffer, bias.AsSpan(0, hidden));
            }

            biases[d] = bias;
        }

        Tensor[] inputs = [x, h0, .. weights];
        long work = (long)seqLen * batch * hidden * hidden;

        // The input projections are large GEMMs that use every core: run them before the directions fork.
        var gx = new float[directions][];
        for (int d = 0; d < directions; d++)
        {
            gx[d] = RnnLayerSupport.Rent(seqLen * batch * hidden, clear: false);
            Gemm.Sgemm(gx[d], hidden, op._x, input, op._wih[d], input, seqLen * batch, hidden, input, GemmTranspose.NT);
        }

        double stepFlops = 2.0 * batch * hidden * hidden;
        bool split = RnnStepRunner.ShouldSplit(RnnLayerSupport.RunsConcurrently(directions, work, stepFlops, forward: true), batch, 2.0 * hidden * hidden, (long)hidden * hidden, backward: false);
        RnnLayerSupport.ForEachDirection(
            directions, work, stepFlops, forward: true, (op, gx, biases, hN, split),
            static (s, d) => s.op.ForwardDirection(d, s.gx[d], s.biases[d], s.hN, s.split));
        RnnLayerSupport.Return(gx);
        RnnLayerSupport.Return(biases);

        Tensor y = Tensor.WrapPooled(RnnLayerSupport.Unsorted(order, op._y, seqLen, batch, dh), cell ? [batch, hidden] : [seqLen, batch, dh]);
        Tensor? finalState = cell ? null : Tensor.WrapPooled(RnnLayerSupport.Unsorted(order, hN, directions, batch, hidden), [directions, batch, hidden]);
        _ = cell ? op.TryRecordOwning(inputs, y) : op.TryRecordOwning(inputs, y, finalState!);
        return new RnnLayerResult(y, finalState);
    }

    /// <inheritdoc/>
    protected internal override void Backward(GradientContext context)
    {
        int t = _seqLen, b = _batch, h = _hidden, i = _input;
        int per = _hasBias ? 4 : 2;
        bool hasDy = context.HasOutputGrad(0);
        bool hasDhN = !_cell && context.HasOutputGrad(1);
        float[] dy = hasDy ? RnnLayerSupport.SortedScratch(_order, context.OutputGrad(0), t, b, _directions * h) : [];
        float[] dhN = hasDhN ? RnnLayerSupport.SortedScratch(_order, context.OutputGrad(1), _directions, b, h) : [];

        // The recurrences of the directions run concurrently; the large weight-gradient GEMMs after them use every core.
        var gates = new float[_directions][];
        var carries = new float[_directions][];
        var previous = new float[_directions][];
        long work = (long)t * b * h * h;
        double stepFlops = 2.0 * b * h * h;
        bool split = RnnStepRunner.ShouldSplit(RnnLayerSupport.RunsConcurrently(_directions, work, stepFlops, forward: false), b, 2.0 * h * h, (long)h * h, backward: true);
        for (int d = 0; d < _directions; d++)
        {
            gates[d] = RnnLayerSupport.Rent(t * b * h, clear: _lengths.Length > 0);
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
                Gemm.Sgemm(dx, i, gates[d], h, _wih[d], i, t * b, i, h, GemmTranspose.NN, 1f, 1f);
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
        RnnLayerSupport.Return(gates);
        RnnLayerSupport.Return(carries);
        RnnLayerSupport.Return(previous);
    }

    private void ForwardDirection(int d, float[] gx, float[] bias, float[] hN, bool split)
    {
        int t = _seqLen, b = _batch, h = _hidden, ld = _directions * h;
        bool reverse = d == 1;
        float[] y = _y;
        int stateOffset = d * b * h;
        _h0.AsSpan(stateOffset, b * h).CopyTo(hN.AsSpan(stateOffset, b * h));
        float[] gh = RnnLayerSupport.Rent(b * h, clear: false);
        PackedMatrix packed = RnnLayerSupport.PackTransposed(_whh[d], h, h); // W_hhᵀ, packed once for all steps
        var runner = new RnnStepRunner(
            (step, r0, rows) =>
            {
                Span<float> state = hN.AsSpan(stateOffset + (r0 * h), rows * h);
                Span<float> ghr = gh.AsSpan(r0 * h, rows * h);
                Gemm.Sgemm(ghr, h, state, h, packed, rows);
                RnnGates.Forward(
                    y.AsSpan((step * b * ld) + (d * h) + (r0 * ld)), ld, state,
                    gx.AsSpan(((step * b) + r0) * h, rows * h), h, ghr, bias, _relu, [], step, rows, h);
            },
            split);
        runner.RunAll(t, reverse, _order, 2.0 * b * h * h);

        RnnLayerSupport.ReturnPacked(packed);
        RnnLayerSupport.Return(gh);
    }

    private void BackwardDirection(int d, float[] dy, float[] dhN, float[] gates, float[] carry, float[] previous, bool split)
    {
        int t = _seqLen, b = _batch, h = _hidden, ld = _directions * h;
        bool reverse = d == 1;
        float[] y = _y;
        RnnLayerSupport.BuildPrevious(previous, y, ld, d * h, _h0.AsSpan(d * b * h, b * h), _lengths, reverse, t, b, h);
        if (dhN.Length > 0)
        {
            dhN.AsSpan(d * b * h, b * h).CopyTo(carry);
        }

        bool hasDy = dy.Length > 0;
        PackedMatrix packed = RnnLayerSupport.Pack(_whh[d], h, h); // W_hh as the right operand of dG·W_hh
        var runner = new RnnStepRunner(
            (step, r0, rows) =>
            {
                int offset = (step * b * ld) + (d * h) + (r0 * ld);
                Span<float> g = gates.AsSpan(((step * b) + r0) * h, rows * h);
                Span<float> c = carry.AsSpan(r0 * h, rows * h);
                RnnGates.Backward(g, c, y.AsSpan(offset), ld, hasDy ? dy.AsSpan(offset) : default, ld, _relu, [], step, rows, h);
                Gemm.Sgemm(c, h, g, h, packed, rows, 1f, 1f);
            },
            split);
        for (int s = t - 1; s >= 0; s--)
        {
            int step = reverse ? t - 1 - s : s;
            runner.Run(step, _order.ActiveCount(step));
        }

        RnnLayerSupport.ReturnPacked(packed);
    }

    private void AccumulateWeightGradients(GradientContext context, int d, int per, float[] gates, float[] previous)
    {
        int h = _hidden, i = _input;
        int rows = _seqLen * _batch;
        int wihIndex = 2 + (d * per);
        if (context.NeedsInputGrad(wihIndex))
        {
            RnnLayerSupport.AddInputWeightGradient(context.InputGrad(wihIndex), gates, h, h, _x, i, rows, [(0, 0, h)]);
        }

        if (context.NeedsInputGrad(wihIndex + 1))
        {
            Gemm.Sgemm(context.InputGrad(wihIndex + 1), h, gates, h, previous, h, h, h, rows, GemmTranspose.TN, 1f, 1f);
        }

        if (_hasBias && context.NeedsInputGrad(wihIndex + 2))
        {
            RnnLayerSupport.AddColumnSums(context.InputGrad(wihIndex + 2), gates, h, rows);
        }

        if (_hasBias && context.NeedsInputGrad(wihIndex + 3))
        {
            RnnLayerSupport.AddColumnSums(context.InputGrad(wihIndex + 3), gates, h, rows);
        }
    }
}

namespace Recur.Modules;

/// <summary>
/// What the fused GRU and simple-RNN layer operations prepare identically at the start of a call: the sizes, the
/// batch order (sequences sorted by length), the inputs gathered into that order and the zeroed or uninitialized
/// output buffer (T, B, D·H) in sorted order.
/// </summary>
internal readonly record struct RnnLayerInput(
    int SeqLen, int Batch, int Input, int Hidden, BatchOrder Order, int[] Lengths, float[] X, float[] H0, float[] Y)
{
    /// <summary>Reads the sizes from x (T, B, I) or, in cell mode, (B, I) and from W_ih (G·H, I), W_hh (G·H, H).</summary>
    public static RnnLayerInput Create(Tensor x, Tensor h0, Tensor[] weights, int directions, int[] lengths, bool cell)
    {
        int hidden = weights[1].Dims[1];
        int input = weights[0].Dims[1];
        int batch = cell ? x.Dims[0] : x.Dims[1];
        int seqLen = cell ? 1 : x.Dims[0];
        int outputLength = seqLen * batch * directions * hidden;
        BatchOrder order = BatchOrder.Create(lengths.Length == 0 ? null : lengths, seqLen, batch);
        return new RnnLayerInput(
            seqLen,
            batch,
            input,
            hidden,
            order,
            RnnLayerSupport.SortedLengths(order, lengths),
            RnnLayerSupport.Sorted(order, x.Buffer, seqLen, batch, input),
            RnnLayerSupport.Sorted(order, h0.Buffer, directions, batch, hidden),
            // Padded positions must read zero, so only a full-length batch may skip the clear.
            TensorPool.Rent(outputLength, clear: lengths.Length != 0)); // pooled: it is the output tensor's storage
    }
}

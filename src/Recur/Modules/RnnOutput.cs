namespace Recur.Modules;

/// <summary>
/// What a recurrent sequence layer (LSTM, GRU, RNN) returns, in PyTorch's layouts. With L layers,
/// D directions (2 when bidirectional), batch B, sequence length T, hidden size H and output width
/// Hout (the projection size P when the LSTM is projected, otherwise H):
/// </summary>
/// <param name="Output">
/// The last layer's hidden state at every step: (T, B, D·Hout), or (B, T, D·Hout) when the layer is batch-first.
/// Features 0 … Hout−1 come from the forward direction, Hout … 2·Hout−1 from the reverse direction. Zero at the
/// padded steps (t ≥ lengths[b]) of a variable-length batch.
/// </param>
/// <param name="HiddenState">
/// h_n, the final hidden state of every layer and direction: (L·D, B, Hout), indexed layer·D + direction, never
/// batch-first. With lengths, each sequence's state after its own last valid step (the reverse direction's after t = 0).
/// </param>
/// <param name="CellState">c_n, the final cell state (L·D, B, H) of an LSTM; null for layers without a cell state.</param>
/// <remarks>
/// Disposing the result (<c>using RnnOutput r = lstm.Forward(x);</c>, or <see cref="Dispose"/> after the optimizer step)
/// hands the three tensors' storage to the next call of the same size (see <see cref="Tensor.Dispose"/>): a training or
/// inference loop then allocates no new output arrays, where undisposed outputs stay resident until the garbage
/// collector runs. Not disposing is always correct. Do not use the tensors, or views of them, after disposing.
/// </remarks>
public sealed record RnnOutput(Tensor Output, Tensor HiddenState, Tensor? CellState) : IDisposable
{
    /// <summary>Disposes <see cref="Output"/>, <see cref="HiddenState"/> and <see cref="CellState"/>.</summary>
    public void Dispose()
    {
        Output.Dispose();
        HiddenState.Dispose();
        CellState?.Dispose();
    }
}

namespace Recur.Layers;

/// <summary>
/// What a recurrent layer returns inside a model (MATLAB's OutputMode, Keras's <c>return_sequences</c>).
/// </summary>
public enum OutputMode
{
    /// <summary>The whole output sequence (B, T, D·Hout), zero at padded steps; lengths are carried.</summary>
    Sequence,

    /// <summary>
    /// One vector per sequence (B, D·Hout): the last layer's final hidden state of each direction, concatenated
    /// (the forward direction's after each sequence's own last valid step, the reverse direction's after t = 0);
    /// lengths are dropped.
    /// </summary>
    Last,
}

namespace Recur.Layers;

/// <summary>How <see cref="Bidirectional"/> combines the outputs of its forward and backward copies (Keras's merge_mode).</summary>
public enum MergeMode
{
    /// <summary>Concatenate along the feature axis: F + F features, the forward copy's first.</summary>
    Concat,

    /// <summary>Element-wise sum.</summary>
    Sum,

    /// <summary>Element-wise product.</summary>
    Multiply,

    /// <summary>Element-wise mean (forward + backward) / 2.</summary>
    Average,
}

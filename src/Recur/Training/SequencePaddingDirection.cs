namespace Recur.Training;

/// <summary>
/// How the sequences of a mini-batch are aligned (MATLAB's SequencePaddingDirection). Inside the model every batch is
/// right-padded and the lengths are always passed to the layers, so padding itself never changes a result with either
/// direction; the direction decides which steps are kept and how chunks are cut:
/// </summary>
public enum SequencePaddingDirection
{
    /// <summary>
    /// Sequences are aligned at their first step (the default): <see cref="SequenceLength.Shortest"/> keeps the FIRST
    /// steps of each sequence and fixed chunks are cut from the first step on (the last chunk may be short).
    /// </summary>
    Right,

    /// <summary>
    /// Sequences are aligned at their last step (MATLAB's left padding): <see cref="SequenceLength.Shortest"/> keeps the
    /// LAST steps of each sequence and fixed chunks are cut backwards from the last step (the first chunk may be short),
    /// so every sequence of a mini-batch ends in its last chunk.
    /// </summary>
    Left,
}

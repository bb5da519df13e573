namespace Recur.Training;

/// <summary>
/// How the sequences of a mini-batch are cut (MATLAB's SequenceLength option): <see cref="Longest"/> (pad to the
/// longest sequence of the batch; the default), <see cref="Shortest"/> (truncate every sequence to the shortest of the
/// batch) or <see cref="Chunks"/> (truncated backpropagation through time in chunks of N steps).
/// </summary>
public sealed record SequenceLength
{
    private SequenceLength(SequenceLengthMode mode, int chunkLength)
    {
        Mode = mode;
        ChunkLength = chunkLength;
    }

    /// <summary>Pad every sequence to the longest of its mini-batch (lengths are passed, so padding changes nothing).</summary>
    public static SequenceLength Longest { get; } = new(SequenceLengthMode.Longest, 0);

    /// <summary>
    /// Truncate every sequence to the shortest of its mini-batch (which steps are kept: see
    /// <see cref="SequencePaddingDirection"/>); per-step targets are truncated alike.
    /// </summary>
    public static SequenceLength Shortest { get; } = new(SequenceLengthMode.Shortest, 0);

    /// <summary>The mode.</summary>
    public SequenceLengthMode Mode { get; }

    /// <summary>N, the steps per chunk for <see cref="SequenceLengthMode.Chunks"/>; 0 otherwise.</summary>
    public int ChunkLength { get; }

    /// <summary>
    /// Truncated backpropagation through time: each sequence is cut into chunks of <paramref name="length"/> steps
    /// (see <see cref="SequencePaddingDirection"/> for where the short chunk goes); the chunks run in order with the
    /// recurrent state carried from one to the next and detached (gradients stop at chunk boundaries), through the
    /// model's <see cref="Layers.IStatefulLayer"/> modules. Sequences of a mini-batch with the same number of chunks
    /// run together; the gradients of all chunks of a mini-batch are summed into ONE optimizer step (an iteration is
    /// still one mini-batch). With one target per sequence only the chunk holding each sequence's last step has a loss.
    /// </summary>
    /// <param name="length">N ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">length &lt; 1.</exception>
    public static SequenceLength Chunks(int length)
    {
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"SequenceLength.Chunks: length must be ≥ 1; got {length}.");
        }

        return new(SequenceLengthMode.Chunks, length);
    }

    /// <summary>"longest", "shortest" or the chunk length, as in MATLAB.</summary>
    public override string ToString() => Mode switch
    {
        SequenceLengthMode.Longest => "longest",
        SequenceLengthMode.Shortest => "shortest",
        _ => ChunkLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

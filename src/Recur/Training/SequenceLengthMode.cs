namespace Recur.Training;

/// <summary>The kind of a <see cref="SequenceLength"/>.</summary>
public enum SequenceLengthMode
{
    /// <summary>Pad to the longest sequence of each mini-batch.</summary>
    Longest,

    /// <summary>Truncate to the shortest sequence of each mini-batch.</summary>
    Shortest,

    /// <summary>Fixed chunks of N steps with carried, detached state (truncated BPTT).</summary>
    Chunks,
}

namespace Recur.Training;

/// <summary>What a <see cref="SequenceDataset"/> holds as targets, and so which loss and metric training uses.</summary>
public enum SequenceTargetKind
{
    /// <summary>One class label per sequence (sequence classification; the model outputs (B, C) or (B, T, C), of which the last valid step is used).</summary>
    SequenceClass,

    /// <summary>One class label per time step, int[T_i] (sequence labelling, e.g. Keras's cumulative-sum example; the model outputs (B, T, C)).</summary>
    StepClasses,

    /// <summary>One regression vector (O) per sequence (e.g. forecasting the next H values; the model outputs (B, O) or (B, T, O), of which the last valid step is used).</summary>
    SequenceValues,

    /// <summary>Regression values per time step, (T_i, O) (the model outputs (B, T, O)).</summary>
    StepValues,

    /// <summary>
    /// A target token sequence of its own length per input sequence (sequence-to-sequence, e.g. an
    /// <see cref="Models.EncoderDecoder"/>; the model outputs (B, T_target, C)).
    /// </summary>
    TokenSequence,
}

namespace Recur.Training;

/// <summary>When the training sequences are shuffled (MATLAB's Shuffle option); shuffles are seeded by <see cref="TrainingOptions.Seed"/>.</summary>
public enum ShuffleMode
{
    /// <summary>Shuffled once before the first epoch (MATLAB's default "once"); the default.</summary>
    Once,

    /// <summary>Shuffled before every epoch.</summary>
    EveryEpoch,

    /// <summary>Never shuffled: mini-batches follow the dataset's order.</summary>
    Never,
}

namespace Recur.Training;

/// <summary>The result of <c>Model.Fit</c>: one record per completed epoch and how training ended.</summary>
/// <param name="Epochs">One record per epoch, in order (a cancelled epoch is recorded with the iterations it completed, when it completed any).</param>
/// <param name="StopReason">Why training stopped.</param>
/// <param name="Iterations">Iterations (optimizer steps) completed.</param>
/// <param name="BestEpoch">The epoch of the best validation loss (from 1); null without validation data.</param>
/// <param name="BestValidationLoss">The best validation loss seen; null without validation data.</param>
/// <param name="RestoredBestWeights">True when the model's weights were reset to those of the best validation loss.</param>
/// <param name="Elapsed">The whole run's time.</param>
public sealed record TrainingHistory(
    IReadOnlyList<EpochRecord> Epochs,
    TrainingStopReason StopReason,
    int Iterations,
    int? BestEpoch,
    double? BestValidationLoss,
    bool RestoredBestWeights,
    TimeSpan Elapsed)
{
    /// <summary>True when the run was cancelled (the history holds what ran before).</summary>
    public bool Cancelled => StopReason == TrainingStopReason.Cancelled;

    /// <summary>The last epoch's record; null when no epoch completed an iteration.</summary>
    public EpochRecord? Last => Epochs.Count == 0 ? null : Epochs[^1];
}

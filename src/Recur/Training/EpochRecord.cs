namespace Recur.Training;

/// <summary>One epoch of a <see cref="TrainingHistory"/> (also sent to <see cref="TrainingOptions.OnEpoch"/>).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Iterations">Iterations completed so far over the whole run.</param>
/// <param name="TrainingLoss">The mean training loss of the epoch's mini-batches (weighted by their targets).</param>
/// <param name="TrainingMetric">The epoch's training metric over its mini-batches: accuracy in [0, 1] for class labels, RMSE for regression.</param>
/// <param name="ValidationLoss">The validation loss at the end of the epoch; null without validation data.</param>
/// <param name="ValidationMetric">The validation metric at the end of the epoch; null without validation data.</param>
/// <param name="LearningRate">The learning rate used during the epoch (before the schedule's end-of-epoch step).</param>
/// <param name="Elapsed">Time since Fit started, at the end of the epoch.</param>
public sealed record EpochRecord(
    int Epoch,
    int Iterations,
    double TrainingLoss,
    double TrainingMetric,
    double? ValidationLoss,
    double? ValidationMetric,
    double LearningRate,
    TimeSpan Elapsed);

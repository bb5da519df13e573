namespace Recur.Training;

/// <summary>
/// One iteration's report for progress displays (<see cref="TrainingOptions.OnIteration"/>,
/// <see cref="TrainingOptions.Progress"/>), sent after the optimizer step.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Iteration">The iteration over the whole run, from 1.</param>
/// <param name="IterationsPerEpoch">Mini-batches per epoch.</param>
/// <param name="TotalIterations">Iterations of the whole run (MaxEpochs × IterationsPerEpoch; fewer when stopped early).</param>
/// <param name="Loss">This mini-batch's training loss.</param>
/// <param name="Metric">This mini-batch's metric: accuracy in [0, 1] for class labels, RMSE for regression.</param>
/// <param name="LearningRate">The learning rate used by this step.</param>
/// <param name="Elapsed">Time since Fit started.</param>
/// <param name="Remaining">The estimated time left (elapsed per iteration × iterations left).</param>
/// <param name="ValidationLoss">The validation loss when validation ran at this iteration; null otherwise.</param>
/// <param name="ValidationMetric">The validation metric when validation ran at this iteration; null otherwise.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Iteration,
    int IterationsPerEpoch,
    int TotalIterations,
    double Loss,
    double Metric,
    double LearningRate,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    double? ValidationLoss = null,
    double? ValidationMetric = null);

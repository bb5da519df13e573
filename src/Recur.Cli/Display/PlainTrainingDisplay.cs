using Recur.Training;

namespace Recur.Cli.Display;

/// <summary>One plain line per epoch (redirected output, logs, tests): epoch, iterations, loss, validation loss and metric, ETA.</summary>
internal sealed class PlainTrainingDisplay(TextWriter output) : TrainingDisplay
{
    /// <summary>The name of the validation metric ("accuracy" or "rmse").</summary>
    public string MetricName { get; init; } = "metric";

    /// <inheritdoc/>
    public override TrainingHistory Run(int totalIterations, Func<Action<TrainingProgress>, Action<EpochRecord>, TrainingHistory> train)
    {
        TrainingProgress? last = null;
        return train(
            p => last = p,
            e =>
            {
                int maxEpochs = last is null || last.IterationsPerEpoch == 0 ? e.Epoch : last.TotalIterations / last.IterationsPerEpoch;
                TimeSpan remaining = last?.Remaining ?? TimeSpan.Zero;
                output.WriteLine(Describe(e.Epoch, maxEpochs, e.Iterations, e.TrainingLoss, e.ValidationLoss, e.ValidationMetric, MetricName, remaining));
            });
    }
}

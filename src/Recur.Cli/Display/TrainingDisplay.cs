using Recur.Training;

namespace Recur.Cli.Display;

/// <summary>
/// Shows training as it runs. <see cref="Run"/> calls the training function with two callbacks to pass to
/// <c>TrainingOptions.OnIteration</c> and <c>OnEpoch</c>.
/// </summary>
internal abstract class TrainingDisplay
{
    /// <summary>Runs <paramref name="train"/> while showing its progress.</summary>
    /// <param name="totalIterations">Iterations of the whole run at most (epochs × mini-batches per epoch).</param>
    /// <param name="train">The training, given the per-iteration and per-epoch callbacks.</param>
    public abstract TrainingHistory Run(int totalIterations, Func<Action<TrainingProgress>, Action<EpochRecord>, TrainingHistory> train);

    /// <summary>One line about an iteration or an epoch: epoch, iteration, loss, validation metric, ETA.</summary>
    internal static string Describe(int epoch, int maxEpochs, int iteration, double loss, double? validationLoss, double? validationMetric, string metricName, TimeSpan remaining)
    {
        string validation = validationLoss is null ? "" : $"  val_loss {CliConsole.Number(validationLoss.Value)}  val_{metricName} {CliConsole.Number(validationMetric ?? double.NaN)}";
        return $"epoch {epoch}/{maxEpochs}  iter {iteration}  loss {CliConsole.Number(loss)}{validation}  ETA {Eta(remaining)}";
    }

    /// <summary>"mm:ss" or "h:mm:ss".</summary>
    internal static string Eta(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"mm\:ss");
}

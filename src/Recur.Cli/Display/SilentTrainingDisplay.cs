using Recur.Training;

namespace Recur.Cli.Display;

/// <summary>No progress output (<c>--json</c>).</summary>
internal sealed class SilentTrainingDisplay : TrainingDisplay
{
    /// <inheritdoc/>
    public override TrainingHistory Run(int totalIterations, Func<Action<TrainingProgress>, Action<EpochRecord>, TrainingHistory> train) =>
        train(static _ => { }, static _ => { });
}

using Recur.Training;
using Spectre.Console;

namespace Recur.Cli.Display;

/// <summary>A live Spectre.Console progress bar: epoch, iteration, loss, the last validation metric and the ETA.</summary>
internal sealed class SpectreTrainingDisplay : TrainingDisplay
{
    /// <summary>The name of the validation metric ("accuracy" or "rmse").</summary>
    public string MetricName { get; init; } = "metric";

    /// <inheritdoc/>
    public override TrainingHistory Run(int totalIterations, Func<Action<TrainingProgress>, Action<EpochRecord>, TrainingHistory> train)
    {
        TrainingHistory? history = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: Math.Max(1, totalIterations));
                double? valLoss = null;
                double? valMetric = null;
                int maxEpochs = 1;
                history = train(
                    p =>
                    {
                        maxEpochs = p.IterationsPerEpoch == 0 ? 1 : p.TotalIterations / p.IterationsPerEpoch;
                        if (p.ValidationLoss is not null)
                        {
                            valLoss = p.ValidationLoss;
                            valMetric = p.ValidationMetric;
                        }

                        task.MaxValue = Math.Max(1, p.TotalIterations);
                        task.Value = p.Iteration;
                        task.Description = Markup.Escape(Describe(p.Epoch, maxEpochs, p.Iteration, p.Loss, valLoss, valMetric, MetricName, p.Remaining));
                    },
                    e =>
                    {
                        valLoss = e.ValidationLoss ?? valLoss;
                        valMetric = e.ValidationMetric ?? valMetric;
                    });
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return history!;
    }
}

using Recur.Cli.Display;
using Recur.Models;
using Recur.Training;

namespace Recur.Cli.Workflow;

/// <summary>Runs <c>Model.Fit</c> under the progress display with the CLI's training defaults.</summary>
internal static class TrainingRun
{
    /// <summary>
    /// The options of every CLI run: Adam, the given learning rate, epochs and mini-batch, shuffled every epoch,
    /// validation once per epoch with early stopping after <paramref name="patience"/> epochs without improvement and
    /// the best weights restored, gradients clipped to a global norm of 1, and for classification a label smoothing of
    /// 0.1 (so the validation loss of a small set does not stop training at its first overconfident mistake).
    /// </summary>
    public static TrainingOptions Options(SequenceDataset validation, int epochs, int batch, double learningRate, int patience, int seed) => new()
    {
        Optimizer = OptimizerKind.Adam,
        InitialLearnRate = learningRate,
        MaxEpochs = epochs,
        MiniBatchSize = batch,
        Shuffle = ShuffleMode.EveryEpoch,
        ValidationData = validation,
        ValidationFrequency = int.MaxValue,
        ValidationPatience = patience,
        RestoreBestWeights = true,
        GradientThreshold = 1.0,
        GradientThresholdMethod = GradientThresholdMethod.GlobalL2Norm,
        L2Regularization = 1e-4,
        LabelSmoothing = validation.IsClassification ? 0.1 : 0,
        Seed = (ulong)seed,
    };

    /// <summary>
    /// The default epochs: <paramref name="maxEpochs"/>, fewer for large data sets so that a run takes at most about
    /// <paramref name="iterationBudget"/> iterations (at least 10 epochs); and the patience, at most a quarter of them (at least 5).
    /// </summary>
    public static (int Epochs, int Patience) Budget(int trainCount, int batch, int maxEpochs, int maxPatience, int iterationBudget)
    {
        int perEpoch = (trainCount + batch - 1) / batch;
        int epochs = Math.Clamp(iterationBudget / Math.Max(1, perEpoch), 10, maxEpochs);
        return (epochs, Math.Clamp(epochs / 4, 5, maxPatience));
    }

    /// <summary>Fits <paramref name="model"/> while <paramref name="console"/> shows the progress; Ctrl+C (the token) stops after the current iteration.</summary>
    public static TrainingHistory Fit(Model model, SequenceDataset train, TrainingOptions options, CliConsole console, string metricName, CancellationToken cancellationToken)
    {
        int perEpoch = (train.Count + options.MiniBatchSize - 1) / options.MiniBatchSize;
        return console.TrainingDisplay(metricName).Run(
            perEpoch * options.MaxEpochs,
            (onIteration, onEpoch) => model.Fit(train, options with { OnIteration = onIteration, OnEpoch = onEpoch }, cancellationToken));
    }

    /// <summary>A one-line summary of how training ended.</summary>
    public static string Describe(TrainingHistory history)
    {
        string why = history.StopReason switch
        {
            TrainingStopReason.EarlyStopping => "stopped early (no validation improvement)",
            TrainingStopReason.Cancelled => "cancelled (Ctrl+C)",
            _ => "ran every epoch",
        };
        string best = history.BestEpoch is { } e ? $"; best validation loss {CliConsole.Number(history.BestValidationLoss ?? double.NaN)} at epoch {e}{(history.RestoredBestWeights ? ", weights restored" : "")}" : "";
        return $"trained {history.Epochs.Count} epochs ({history.Iterations} iterations) in {history.Elapsed.TotalSeconds:F1} s: {why}{best}.";
    }
}

namespace Recur.Cli.Reporting;

/// <summary>
/// Per-epoch training history for the learning-curve chart: E epochs, numbered 1..E on the chart.
/// </summary>
/// <param name="TrainingLoss">(E) the training loss after each epoch; NaN or ±∞ entries are skipped (a gap in the line).</param>
public sealed record TrainingHistory(IReadOnlyList<double> TrainingLoss)
{
    /// <summary>(E) the validation loss after each epoch, or null when there was no validation data.</summary>
    public IReadOnlyList<double>? ValidationLoss { get; init; }

    /// <summary>(E) the learning rate used in each epoch, or null; when given, a second small chart shows it.</summary>
    public IReadOnlyList<double>? LearningRate { get; init; }

    /// <summary>The 1-based epoch whose weights were kept (early stopping), marked with a vertical line; null: none.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>The loss axis: <see cref="AxisScale.Auto"/> (default) switches to a log axis beyond two decades.</summary>
    public AxisScale LossScale { get; init; } = AxisScale.Auto;

    /// <summary>
    /// A history from a model's per-epoch metrics (<c>ModelMetadata.History</c>): "loss" (required), "val_loss",
    /// and "lr" or "learning_rate" when present.
    /// </summary>
    /// <param name="history">Metric name → one value per epoch.</param>
    /// <returns>The history, or null when <paramref name="history"/> has no "loss" entry.</returns>
    public static TrainingHistory? FromMetrics(IReadOnlyDictionary<string, List<double>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!history.TryGetValue("loss", out List<double>? loss))
        {
            return null;
        }

        history.TryGetValue("val_loss", out List<double>? validation);
        if (!history.TryGetValue("lr", out List<double>? lr))
        {
            history.TryGetValue("learning_rate", out lr);
        }

        return new TrainingHistory(loss) { ValidationLoss = validation, LearningRate = lr };
    }

    /// <summary>Checks the lengths agree; messages start with <paramref name="prefix"/>, the part's path from the argument <paramref name="paramName"/>.</summary>
    internal void Validate(string paramName, string prefix)
    {
        if (TrainingLoss is null)
        {
            throw new ArgumentException($"{prefix}.TrainingLoss must not be null.", paramName);
        }

        int e = TrainingLoss.Count;
        if (ValidationLoss is not null && ValidationLoss.Count != e)
        {
            throw new ArgumentException($"{prefix}.ValidationLoss must have one value per epoch like TrainingLoss ({e}); got {ValidationLoss.Count}.", paramName);
        }

        if (LearningRate is not null && LearningRate.Count != e)
        {
            throw new ArgumentException($"{prefix}.LearningRate must have one value per epoch like TrainingLoss ({e}); got {LearningRate.Count}.", paramName);
        }

        if (BestEpoch is int best && (best < 1 || best > e))
        {
            throw new ArgumentException($"{prefix}.BestEpoch must be a 1-based epoch in [1, {e}]; got {best}.", paramName);
        }
    }
}

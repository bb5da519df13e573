using System.Text.Json.Nodes;

namespace Recur.Models;

/// <summary>
/// Everything a model file keeps besides the architecture and the weights (normalization statistics are buffers of
/// the <c>SequenceInput</c> layer and travel with the weights).
/// </summary>
public sealed class ModelMetadata
{
    /// <summary>Class names by class index for classifiers (index i is class i); null for regression.</summary>
    public IReadOnlyList<string>? ClassNames { get; set; }

    /// <summary>The training options of the last <c>Fit</c>, as JSON; null before training.</summary>
    public JsonObject? TrainingOptions { get; set; }

    /// <summary>Final metrics by name (e.g. "loss", "val_loss", "accuracy", "rmse").</summary>
    public Dictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Per-epoch history of the last <c>Fit</c> (metric name → one value per epoch); empty before training.</summary>
    public Dictionary<string, List<double>> History { get; } = new(StringComparer.Ordinal);

    /// <summary>Free-form data of the application that trained the model (the CLI keeps its task, columns and scalers here).</summary>
    public JsonObject Extra { get; set; } = [];
}

namespace Recur.Training;

/// <summary>The training loss (<see cref="TrainingOptions.Loss"/>).</summary>
public enum LossKind
{
    /// <summary>Cross-entropy for class labels, mean squared error for regression; the default.</summary>
    Auto,

    /// <summary>Cross-entropy on the model's logits (or log-probabilities when <c>Model.OutputsProbabilities</c>), with <see cref="TrainingOptions.LabelSmoothing"/>; class labels only.</summary>
    CrossEntropy,

    /// <summary>Mean squared error; regression only.</summary>
    MeanSquaredError,

    /// <summary>Mean absolute error; regression only.</summary>
    MeanAbsoluteError,

    /// <summary>Huber loss with <see cref="TrainingOptions.HuberDelta"/>; regression only.</summary>
    Huber,
}

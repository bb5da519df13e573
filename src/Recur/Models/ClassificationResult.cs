namespace Recur.Models;

/// <summary>One prediction of <see cref="Model.Classify"/> (or one step of <see cref="Model.ClassifySteps"/>).</summary>
/// <param name="Label">The predicted class index (the most probable; the first on ties).</param>
/// <param name="ClassName">The class name from <see cref="ModelMetadata.ClassNames"/>, or null when none are set.</param>
/// <param name="Probabilities">The probability of each class (C values summing to 1).</param>
public sealed record ClassificationResult(int Label, string? ClassName, IReadOnlyList<float> Probabilities);

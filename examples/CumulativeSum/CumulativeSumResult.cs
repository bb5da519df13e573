namespace Recur.Examples.CumulativeSum;

/// <summary>What <see cref="CumulativeSumExample.Run"/> measured.</summary>
/// <param name="Accuracy">Per-step accuracy of the trained model on fresh test sequences, in [0, 1].</param>
/// <param name="Baseline">Per-step accuracy of always predicting the class most frequent in the training steps, on the same test steps.</param>
/// <param name="TrainSequences">Training sequences used.</param>
/// <param name="TestSequences">Test sequences used.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="FinalTrainingLoss">The last epoch's mean training loss.</param>
/// <param name="Weights">A copy of every trained parameter, concatenated in state-dict order (to compare runs).</param>
public sealed record CumulativeSumResult(
    double Accuracy,
    double Baseline,
    int TrainSequences,
    int TestSequences,
    int Epochs,
    double FinalTrainingLoss,
    float[] Weights)
{
    /// <summary>The example's last output line: <c>per_step_accuracy: 0.9931 (baseline 0.6224)</c>.</summary>
    public string MetricLine => FormattableString.Invariant($"per_step_accuracy: {Accuracy:F4} (baseline {Baseline:F4})");
}

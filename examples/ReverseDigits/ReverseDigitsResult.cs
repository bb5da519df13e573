namespace Recur.Examples.ReverseDigits;

/// <summary>What <see cref="ReverseDigitsExample.Run"/> measured.</summary>
/// <param name="TokenAccuracy">The share of target tokens that greedy decoding gets right at their position, over fresh test sequences, in [0, 1].</param>
/// <param name="SequenceAccuracy">The share of test sequences reversed without a single wrong token.</param>
/// <param name="Baseline">The token accuracy of copying the input unreversed (the identity) on the same test sequences.</param>
/// <param name="MinLength">The shortest sequence length.</param>
/// <param name="MaxLength">The longest sequence length.</param>
/// <param name="TrainSequences">Training sequences used.</param>
/// <param name="TestSequences">Test sequences used.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Examples">A few test sources with their decoded outputs, as "3 1 4 → 4 1 3".</param>
/// <param name="Weights">A copy of every trained parameter, concatenated in state-dict order (to compare runs).</param>
public sealed record ReverseDigitsResult(
    double TokenAccuracy,
    double SequenceAccuracy,
    double Baseline,
    int MinLength,
    int MaxLength,
    int TrainSequences,
    int TestSequences,
    int Epochs,
    IReadOnlyList<string> Examples,
    float[] Weights)
{
    /// <summary>The example's last output line: <c>token_accuracy: 0.9987 (baseline 0.1723)</c>.</summary>
    public string MetricLine => FormattableString.Invariant($"token_accuracy: {TokenAccuracy:F4} (baseline {Baseline:F4})");
}

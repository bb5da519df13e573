namespace Recur.Examples.SineStreaming;

/// <summary>What <see cref="SineStreamingExample.Run"/> measured.</summary>
/// <param name="MaxAbsDifference">The largest |streamed − whole| over the test wave's steps: the one-step-at-a-time outputs of <c>PredictAndUpdateState</c> against <c>Predict</c> of the whole sequence.</param>
/// <param name="StatelessDifference">The control: the largest |one step predicted alone from a zero state − whole| over the same steps, i.e. what streaming without a carried state would be off by.</param>
/// <param name="Tolerance">The bar <see cref="MaxAbsDifference"/> must stay within (1e-5).</param>
/// <param name="Rmse">The RMSE of the model's next-value predictions against the clean wave's next values over the test wave.</param>
/// <param name="PersistenceRmse">The RMSE of the persistence forecast (next value = the current noisy input) on the same steps.</param>
/// <param name="TestSteps">The test wave's length.</param>
/// <param name="TrainSequences">Training waves used.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Weights">A copy of every trained parameter, concatenated in state-dict order (to compare runs).</param>
public sealed record SineStreamingResult(
    double MaxAbsDifference,
    double StatelessDifference,
    double Tolerance,
    double Rmse,
    double PersistenceRmse,
    int TestSteps,
    int TrainSequences,
    int Epochs,
    float[] Weights)
{
    /// <summary>True when streaming equals whole-sequence prediction within <see cref="Tolerance"/>.</summary>
    public bool StreamingMatches => MaxAbsDifference <= Tolerance;

    /// <summary>The forecast line: <c>rmse: 0.0612 (persistence 0.2301)</c>.</summary>
    public string RmseLine => FormattableString.Invariant($"rmse: {Rmse:F4} (persistence {PersistenceRmse:F4})");

    /// <summary>
    /// The example's last output line: <c>max_abs_difference: 2.4e-07 (baseline 1e-05)</c>, where the baseline is the
    /// tolerance the difference must stay within.
    /// </summary>
    public string MetricLine => FormattableString.Invariant($"max_abs_difference: {MaxAbsDifference:0.0e+00} (baseline {Tolerance:0e+00})");
}

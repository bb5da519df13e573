using Recur.Training;

namespace Recur.Data;

/// <summary>
/// N forecasting windows cut from one series: window i reads rows [Starts[i], Starts[i] + L) of the feature columns
/// and predicts rows [Starts[i] + L, Starts[i] + L + H) of the target columns.
/// </summary>
/// <param name="Inputs">(N, L, F) feature values, batch-first.</param>
/// <param name="Targets">(N, H, K) target values.</param>
/// <param name="Starts">N first input rows, increasing.</param>
/// <param name="Lookback">L, the input steps per window.</param>
/// <param name="Horizon">H, the target steps per window.</param>
public sealed record ForecastWindows(Tensor Inputs, Tensor Targets, int[] Starts, int Lookback, int Horizon)
{
    /// <summary>N, the number of windows.</summary>
    public int Count => Starts.Length;

    /// <summary>The first target row of window <paramref name="window"/>: Starts[window] + L.</summary>
    public int TargetStart(int window) => Starts[window] + Lookback;

    /// <summary>
    /// The N input windows as separate sequences, each (L, F) (copies), the form <c>Model.Predict</c> and
    /// <see cref="SequenceDataset"/> take.
    /// </summary>
    /// <returns>N tensors (L, F); window i is <c>Inputs[i]</c>.</returns>
    public IReadOnlyList<Tensor> InputSequences() => Split(Inputs);

    /// <summary>
    /// The windows as a regression dataset for a model that outputs one vector per sequence (e.g. an LSTM with output
    /// mode last → Dense(H·K)): input i is window i (L, F), target i is its H·K target values flattened horizon-major
    /// (step h, target k at index h·K + k).
    /// </summary>
    /// <returns><see cref="SequenceDataset.ForSequenceRegression"/> of the N windows.</returns>
    /// <exception cref="InvalidOperationException">There are no windows (N = 0, e.g. an empty part of a split).</exception>
    public SequenceDataset ToDataset()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("ForecastWindows.ToDataset: there are no windows (N = 0); a dataset needs at least one.");
        }

        int width = Targets.Shape[1] * Targets.Shape[2];
        ReadOnlySpan<float> values = Targets.AsReadOnlySpan();
        var targets = new Tensor[Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = Tensor.FromArray(values.Slice(i * width, width).ToArray(), width);
        }

        return SequenceDataset.ForSequenceRegression(InputSequences(), targets);
    }

    /// <summary>(N, A, B) → N copies (A, B).</summary>
    private static Tensor[] Split(Tensor batch)
    {
        int n = batch.Shape[0], a = batch.Shape[1], b = batch.Shape[2];
        ReadOnlySpan<float> data = batch.AsReadOnlySpan();
        var result = new Tensor[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = Tensor.FromArray(data.Slice(i * a * b, a * b).ToArray(), a, b);
        }

        return result;
    }
}

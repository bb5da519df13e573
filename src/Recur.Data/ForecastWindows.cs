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
}

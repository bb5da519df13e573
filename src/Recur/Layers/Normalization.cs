namespace Recur.Layers;

/// <summary>
/// The per-feature input normalization of <see cref="SequenceInput"/> (MATLAB's sequenceInputLayer options), with
/// statistics fitted on the training data.
/// </summary>
public enum Normalization
{
    /// <summary>The input passes unchanged.</summary>
    None,

    /// <summary>z-score: (x − μ) / σ with the per-feature mean μ and population standard deviation σ.</summary>
    ZScore,

    /// <summary>Rescale to [0, 1]: (x − min) / (max − min).</summary>
    MinMax,

    /// <summary>Rescale to [−1, 1]: 2 (x − min) / (max − min) − 1.</summary>
    RescaleSymmetric,
}

namespace Recur.Layers;

/// <summary>
/// A layer whose statistics are fitted on the training data before training (MATLAB's <c>sequenceInputLayer</c>
/// normalization: z-score, min-max, rescale-symmetric). <c>Model.Fit</c> calls <see cref="FitStatistics"/> on every
/// module of the model that implements this interface and is not <see cref="IsFitted"/>, with the training inputs,
/// before the first iteration.
/// </summary>
public interface INormalizingLayer
{
    /// <summary>True once the statistics are fitted (or loaded from a model file); Fit then leaves them alone.</summary>
    bool IsFitted { get; }

    /// <summary>
    /// Fits the statistics on the training sequences: each is (T_i, F), unpadded (every step is valid), in the
    /// layer's input feature space. Implementations store the statistics (e.g. as buffers) and set <see cref="IsFitted"/>.
    /// </summary>
    /// <param name="sequences">The training inputs, each (T_i, F).</param>
    void FitStatistics(IEnumerable<Tensor> sequences);
}

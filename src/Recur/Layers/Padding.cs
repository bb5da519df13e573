namespace Recur.Layers;

/// <summary>
/// How <see cref="Conv1D"/> pads the time axis (Keras's <c>padding</c>). With T input steps, kernel size K,
/// dilation d and stride s, the receptive field is R = d·(K − 1) + 1.
/// </summary>
public enum Padding
{
    /// <summary>No padding: T' = ⌊(T − R) / s⌋ + 1; needs T ≥ R.</summary>
    Valid = 0,

    /// <summary>
    /// Zeros on both sides so that T' = ⌈T / s⌉: total padding max((T' − 1)·s + R − T, 0), the smaller half on the left
    /// (PyTorch's <c>padding="same"</c> for stride 1, Keras's for any stride).
    /// </summary>
    Same = 1,

    /// <summary>
    /// d·(K − 1) zeros on the left only, so output step t sees inputs up to t·s and never later ones: T' = ⌈T / s⌉
    /// (Keras's <c>causal</c>; WaveNet).
    /// </summary>
    Causal = 2,
}

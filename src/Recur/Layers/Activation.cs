namespace Recur.Layers;

/// <summary>The activation applied after the affine map of a <see cref="Dense"/> layer.</summary>
public enum Activation
{
    /// <summary>None: y = x·Wᵀ + b.</summary>
    None,

    /// <summary>max(0, ·).</summary>
    Relu,

    /// <summary>tanh.</summary>
    Tanh,

    /// <summary>The logistic sigmoid 1 / (1 + e^−x).</summary>
    Sigmoid,

    /// <summary>Softmax over the last axis (class probabilities).</summary>
    Softmax,
}

namespace Recur.Layers;

/// <summary>
/// A layer that can carry its state from one call to the next (MATLAB's <c>predictAndUpdateState</c>, Keras's
/// <c>stateful=True</c>): recurrent layers and models that contain them.
/// </summary>
public interface IStatefulLayer
{
    /// <summary>
    /// When true, each <see cref="Layer.Forward"/> starts from the final state of the previous call (zeros after
    /// <see cref="ResetState"/>) and keeps its own final state; the batch size must stay the same between calls.
    /// False (the default) starts every call from zeros.
    /// </summary>
    bool Stateful { get; set; }

    /// <summary>Forgets the carried state (the next stateful call starts from zeros).</summary>
    void ResetState();
}

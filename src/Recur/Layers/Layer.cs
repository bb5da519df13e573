using Recur.Modules;

namespace Recur.Layers;

/// <summary>
/// The base of everything that can sit in a <c>Sequential</c> and be written to a model file:
/// a <see cref="Module"/> (parameters, buffers, state dict) that maps a <see cref="SequenceBatch"/> to another and
/// can describe itself as a <see cref="LayerConfig"/> (its type name and constructor arguments) so that
/// <see cref="LayerRegistry.Create"/> rebuilds it.
/// </summary>
public abstract class Layer : Module
{
    /// <summary>Applies the layer. Sequences are (B, T, F) batch-first; see <see cref="SequenceBatch"/>.</summary>
    /// <param name="input">The batch and its lengths.</param>
    /// <returns>The output batch; lengths are carried (or changed, e.g. by pooling, or dropped when time collapses).</returns>
    public abstract SequenceBatch Forward(SequenceBatch input);

    /// <summary>
    /// The output shape of one sample for the input shape of one sample (no batch axis): [T, F] for sequences,
    /// [F] for vectors, with −1 for a variable length T. Used by <c>Model.Summary()</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The input shape does not fit this layer (the message names the layer and both shapes).</exception>
    public abstract int[] OutputShape(int[] inputShape);

    /// <summary>The architecture of this layer: a registered type name and its constructor arguments (JSON).</summary>
    public abstract LayerConfig GetConfig();
}

using Recur.Layers;

namespace Recur.Models;

/// <summary>
/// A trainable model: a <see cref="Layer"/> (so models nest and are written to files like layers) with the
/// workflow around it — training (<c>Fit</c>), prediction, stateful streaming, forecasting and the model file
/// (<c>Save</c> / <see cref="Model"/>.<c>Load</c>). <c>Sequential</c> is a list of layers; anything a list cannot
/// say (encoder–decoder, attention over an encoder's states) subclasses <see cref="Model"/>, PyTorch style, registers
/// its layers as child modules and overrides <see cref="Layer.Forward"/>. The workflow methods live in the other
/// parts of this partial class, one concern per file.
/// </summary>
public abstract partial class Model : Layer
{
    /// <summary>What the model file keeps besides the architecture and the weights.</summary>
    public ModelMetadata Metadata { get; } = new();

    /// <summary>Runs the model on a (B, T, F) batch-first sequence batch (or (B, F) vectors).</summary>
    /// <param name="input">(B, T, F) or (B, F).</param>
    /// <param name="lengths">Valid steps per sequence (B values in 1 … T); null when all are T.</param>
    /// <returns>The output data: (B, T, O) for sequence outputs, (B, O) for one output per sequence.</returns>
    public Tensor Forward(Tensor input, int[]? lengths = null) => Forward(new SequenceBatch(input, lengths)).Data;
}

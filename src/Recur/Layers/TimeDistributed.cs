using System.Globalization;
using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Applies a layer to every time step independently (Keras's TimeDistributed): x (B, T, d1, …) is reshaped to
/// (B·T, d1, …), run through the wrapped layer (which sees a batch of B·T samples without lengths) and reshaped back
/// to (B, T, e1, …). The lengths are carried and the padded steps' outputs are set to zero. The wrapped layer is the
/// child module "layer" (state-dict names <c>layer.weight</c>, …).
/// </summary>
public sealed class TimeDistributed : Layer
{
    /// <summary>Wraps <paramref name="layer"/>.</summary>
    /// <param name="layer">The per-step layer, e.g. a <see cref="Dense"/>; it must map a batch (N, d1, …) to (N, e1, …).</param>
    public TimeDistributed(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Layer = RegisterModule("layer", layer);
    }

    /// <summary>The wrapped layer.</summary>
    public Layer Layer { get; }

    /// <inheritdoc/>
    public override string DisplayName => string.Create(CultureInfo.InvariantCulture, $"TimeDistributed({Layer.DisplayName})");

    /// <summary>Runs the wrapped layer on every step.</summary>
    /// <param name="input">(B, T, d1, …) with optional lengths.</param>
    /// <returns>(B, T, e1, …), the lengths carried, zeros at padded steps.</returns>
    /// <exception cref="ArgumentException">The data has no time axis, the lengths do not fit, or the wrapped layer changes the number of samples.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank < 3)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sequence batch (B, T, F, …) with a time axis, got {Tensor.FormatShape(x.Dims)}.", nameof(input));
        }

        SequencePadding.CheckLengths(DisplayName, x, input.Lengths);
        int batch = x.Dims[0];
        int steps = x.Dims[1];
        int[] shape = x.Shape;
        int[] stepShape = [batch * steps, .. shape[2..]];
        Tensor y = Layer.Forward(new SequenceBatch(x.Reshape(stepShape))).Data;
        if (y.Rank < 1 || y.Dims[0] != batch * steps)
        {
            throw new ArgumentException(
                $"{DisplayName}: the wrapped layer must keep the number of samples ({batch * steps} = B·T); it returned {Tensor.FormatShape(y.Dims)}.",
                nameof(input));
        }

        int[] outShape = [batch, steps, .. y.Shape[1..]];
        return new SequenceBatch(SequencePadding.ZeroPadded(y.Reshape(outShape), input.Lengths), input.Lengths);
    }

    /// <summary>[T, d1, …] → [T, wrapped.OutputShape([d1, …])…].</summary>
    /// <exception cref="ArgumentException">The shape has no time axis, or the wrapped layer rejects the step shape.</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length < 2)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a per-sample input shape [T, F, …] with a time axis, got [{string.Join(", ", inputShape)}].",
                nameof(inputShape));
        }

        return [inputShape[0], .. Layer.OutputShape(inputShape[1..])];
    }

    /// <summary>Type "TimeDistributed", no arguments, the wrapped layer's config as the only child.</summary>
    public override LayerConfig GetConfig() => new("TimeDistributed", [], [Layer.GetConfig()]);

    /// <summary>The registry factory.</summary>
    internal static TimeDistributed FromConfig(LayerConfig config) =>
        new(LayerRegistry.Create(LayerArguments.SingleChild(config)));
}

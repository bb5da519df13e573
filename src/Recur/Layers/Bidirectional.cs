using System.Globalization;
using System.Text.Json.Nodes;

namespace Recur.Layers;

/// <summary>
/// Runs a sequence layer in both directions and merges the results (Keras's Bidirectional wrapper), besides the
/// built-in <c>bidirectional: true</c> of the recurrent layers. The forward copy is the given layer (child "forward");
/// the backward copy (child "backward") is a fresh layer of the same config (<see cref="LayerRegistry.Create"/> of
/// <see cref="Layer.GetConfig"/>, every "seed" argument remixed so that it starts from other weights). The backward copy
/// reads each sequence reversed within its own valid length (the padding stays at the end, the lengths are passed on),
/// and its sequence output is reversed back, so that step t of both copies refers to input step t.
/// <para>Shapes: (B, T, F) → (B, T, 2·O) for <see cref="MergeMode.Concat"/> (forward features first) or (B, T, O) for
/// the element-wise modes, with the lengths carried; when the wrapped layer collapses time (a recurrent layer in
/// <see cref="OutputMode.Last"/>), (B, 2·O) or (B, O): the backward copy's output is then its state after the whole
/// reversed sequence, i.e. after input step 0 — the built-in bidirectional layers' h_n.</para>
/// </summary>
public sealed class Bidirectional : Layer
{
    private const ulong BackwardSalt = 0xBAC4_3A2D_0000_0001UL;

    /// <summary>Wraps <paramref name="layer"/>.</summary>
    /// <param name="layer">The forward copy; a registered layer type (its config rebuilds the backward copy) that maps (B, T, F) to (B, T, O) or (B, O).</param>
    /// <param name="merge">How the two outputs are combined (default concatenation).</param>
    /// <exception cref="ArgumentOutOfRangeException">The merge mode is unknown.</exception>
    /// <exception cref="KeyNotFoundException">The layer's type is not registered.</exception>
    public Bidirectional(Layer layer, MergeMode merge = MergeMode.Concat)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!Enum.IsDefined(merge))
        {
            throw new ArgumentOutOfRangeException(nameof(merge), merge,
                $"Bidirectional: merge must be one of {string.Join(", ", Enum.GetNames<MergeMode>())}; got {merge}.");
        }

        Merge = merge;
        ForwardLayer = RegisterModule("forward", layer);
        BackwardLayer = RegisterModule("backward", LayerRegistry.Create(LayerArguments.Reseed(layer.GetConfig(), BackwardSalt)));
    }

    /// <summary>The merge mode.</summary>
    public MergeMode Merge { get; }

    /// <summary>The forward copy (the wrapped layer).</summary>
    public Layer ForwardLayer { get; }

    /// <summary>The backward copy (same architecture, its own weights).</summary>
    public Layer BackwardLayer { get; }

    /// <inheritdoc/>
    public override string DisplayName => string.Create(CultureInfo.InvariantCulture, $"Bidirectional({ForwardLayer.DisplayName}, {Merge})");

    /// <summary>Runs both copies and merges them.</summary>
    /// <param name="input">(B, T, F) with optional lengths.</param>
    /// <returns>(B, T, 2·O) / (B, T, O) with the lengths carried, or (B, 2·O) / (B, O) when the wrapped layer collapses time.</returns>
    /// <exception cref="ArgumentException">The data has no time axis, the lengths do not fit, or the wrapped layer changes T.</exception>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor x = input.Data;
        if (x.Rank < 3)
        {
            throw new ArgumentException(
                $"{DisplayName}: expected a sequence batch (B, T, F) with a time axis, got {Tensor.FormatShape(x.Dims)}.", nameof(input));
        }

        SequencePadding.CheckLengths(DisplayName, x, input.Lengths);
        if (ForwardLayer is Modules.RecurrentLayerBase fr && BackwardLayer is Modules.RecurrentLayerBase br)
        {
            br.OutputMode = fr.OutputMode; // the output mode is a property: follow changes made after wrapping
        }

        SequenceBatch forward = ForwardLayer.Forward(input);
        SequenceBatch backward = BackwardLayer.Forward(new SequenceBatch(SequencePadding.ReverseValid(x, input.Lengths), input.Lengths));
        Tensor b = backward.Data;
        if (backward.HasTime)
        {
            if (b.Dims[1] != x.Dims[1])
            {
                throw new ArgumentException(
                    $"{DisplayName}: the wrapped layer must keep T = {x.Dims[1]} steps (or collapse time) to be reversed back; it returned {Tensor.FormatShape(b.Dims)}.",
                    nameof(input));
            }

            b = SequencePadding.ReverseValid(b, input.Lengths);
        }

        Tensor f = forward.Data;
        Tensor merged = Merge switch
        {
            MergeMode.Concat => Tensor.Concat(-1, f, b),
            MergeMode.Sum => f + b,
            MergeMode.Multiply => f * b,
            _ => (f + b) * 0.5f,
        };
        return new SequenceBatch(merged, forward.Lengths);
    }

    /// <summary>The wrapped layer's output shape, with the last length doubled for <see cref="MergeMode.Concat"/>.</summary>
    /// <exception cref="ArgumentException">The wrapped layer rejects the shape.</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        int[] shape = ForwardLayer.OutputShape(inputShape);
        if (Merge == MergeMode.Concat && shape.Length > 0 && shape[^1] > 0)
        {
            shape[^1] *= 2;
        }

        return shape;
    }

    /// <summary>Type "Bidirectional" with merge, the wrapped (forward) layer's config as the only child.</summary>
    public override LayerConfig GetConfig() =>
        new("Bidirectional", new JsonObject { ["merge"] = Merge.ToString() }, [ForwardLayer.GetConfig()]);

    /// <summary>The registry factory.</summary>
    internal static Bidirectional FromConfig(LayerConfig config) =>
        new(LayerRegistry.Create(LayerArguments.SingleChild(config)), LayerArguments.Enum(config, "merge", MergeMode.Concat));
}

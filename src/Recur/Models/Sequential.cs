using System.Globalization;
using System.Text.Json.Nodes;
using Recur.Layers;

namespace Recur.Models;

/// <summary>
/// A model that is a list of layers applied in order (Keras's Sequential, PyTorch's <c>nn.Sequential</c>), e.g.
/// SequenceInput → Lstm (output mode last) → Dense → Softmax. The layers are child modules named "0", "1", … so the
/// state-dict names are <c>0.weight_ih_l0</c>, <c>1.weight</c>, …; the config is type "Sequential" with the layers'
/// configs as children in order.
/// </summary>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];

    /// <summary>Creates the model from <paramref name="layers"/> in order (may be empty; see <see cref="Add"/>).</summary>
    /// <exception cref="ArgumentException">A layer is null or appears twice.</exception>
    public Sequential(params Layer[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (Layer layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc/>
    internal override bool ChainsChildren => true;

    /// <summary>Appends <paramref name="layer"/> as child "<c>Layers.Count</c>".</summary>
    /// <exception cref="ArgumentException">The layer is null, already in this model, or this model itself.</exception>
    public void Add(Layer layer)
    {
        if (layer is null)
        {
            throw new ArgumentException($"Sequential: layer {_layers.Count} is null; expected a layer.", nameof(layer));
        }

        if (_layers.Contains(layer, ReferenceEqualityComparer.Instance))
        {
            throw new ArgumentException(
                $"Sequential: the layer {layer.DisplayName} is already layer {_layers.IndexOf(layer)}; a layer can appear once (create another for a second copy).",
                nameof(layer));
        }

        RegisterModule(_layers.Count.ToString(CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
    }

    /// <summary>Applies the layers in order; each gets the previous one's output (data and lengths).</summary>
    /// <param name="input">What the first layer takes, usually (B, T, F) with lengths.</param>
    /// <returns>The last layer's output (the input itself when there are no layers).</returns>
    public override SequenceBatch Forward(SequenceBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        SequenceBatch x = input;
        foreach (Layer layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <summary>The per-sample output shape, chained through the layers.</summary>
    /// <exception cref="ArgumentException">A layer rejects the shape its predecessor gives (the message names the layer).</exception>
    public override int[] OutputShape(int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        int[] shape = (int[])inputShape.Clone();
        foreach (Layer layer in _layers)
        {
            shape = layer.OutputShape(shape);
        }

        return shape;
    }

    /// <summary>Type "Sequential", no arguments, the layers' configs as children in order.</summary>
    public override LayerConfig GetConfig() => new("Sequential", [], [.. _layers.Select(static l => l.GetConfig())]);

    /// <summary>The registry factory.</summary>
    internal static Sequential FromConfig(LayerConfig config) => new([.. config.Children.Select(LayerRegistry.Create)]);

    /// <summary>True when the last layer is a <see cref="Softmax"/> or a <see cref="Dense"/> with a softmax activation: the outputs are class probabilities (training then uses the cross-entropy of their logarithm).</summary>
    public override bool OutputsProbabilities =>
        _layers.Count > 0 && _layers[^1] is Softmax or Dense { Activation: Activation.Softmax };
}
